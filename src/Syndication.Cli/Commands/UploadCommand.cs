using System.Buffers;
using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Syndication.Core.Storage;

namespace Syndication.Cli.Commands;

/// <summary><c>upload</c>: puts files into <c>articles/</c> exactly as an editor would.</summary>
internal static class UploadCommand
{
    private const int UploadParallelism = 64;

    public static Command Create()
    {
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.OneOrMore, Description = "Files, or folders whose files are all uploaded" };
        var name = new Option<string?>("--name") { Description = "Blob name (only with a single file); default: the file name" };
        var command = new Command("upload", "Upload article files into articles/") { files, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputs = ExpandInputs(parse.GetValue(files) ?? []);
            var blobName = parse.GetValue(name);
            if (blobName is not null && inputs.Count != 1)
            {
                throw new CliException("--name needs exactly one file");
            }

            var configuration = GlobalOptions.BuildConfiguration(parse);
            using var provider = ServiceFactory.Build(parse, configuration);
            await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
            var store = provider.GetRequiredService<IBlobStore>();
            var uploader = new ArticleUploader(store);

            // Many files at once: each write is durable before it counts, and the writes waiting together share one group
            // commit (724 pages: about 200 groups and 0.87 s at 8 at once, 50 groups and 0.70 s at 64).
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = UploadParallelism, CancellationToken = cancellationToken };
            var output = new Lock();

            // One file that cannot be uploaded (a name the store cannot hold, a file that vanished or cannot be read)
            // is reported by name; the others are still uploaded, and the exit code says that something was left out.
            var failures = new List<(string Path, string Reason)>();
            async Task<string?> TryUploadAsync(string path, CancellationToken ct)
            {
                try
                {
                    return await uploader.UploadAsync(path, blobName ?? Path.GetFileName(path), ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    lock (output)
                    {
                        failures.Add((path, ex.Message));
                    }

                    return null;
                }
            }
            if (inputs.Count < 20 || Console.IsOutputRedirected)
            {
                await Parallel.ForEachAsync(inputs, parallel, async (path, ct) =>
                {
                    if (await TryUploadAsync(path, ct) is not { } uploaded)
                    {
                        return;
                    }

                    lock (output)
                    {
                        AnsiConsole.MarkupLineInterpolated($"uploaded [green]{uploaded}[/] ({new FileInfo(path).Length:N0} bytes)");
                    }
                });
            }
            else
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask("uploading", maxValue: inputs.Count);
                        await Parallel.ForEachAsync(inputs, parallel, async (path, ct) =>
                        {
                            await TryUploadAsync(path, ct);
                            lock (output)
                            {
                                task.Increment(1);
                            }
                        });
                    });
                AnsiConsole.MarkupLineInterpolated($"uploaded [green]{inputs.Count - failures.Count:N0}[/] files");
            }

            foreach (var (path, reason) in failures.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"error: not uploaded: {path}: {reason}");
            }

            if (failures.Count > 0)
            {
                Console.Error.WriteLine($"error: {failures.Count:N0} of {inputs.Count:N0} file(s) not uploaded; the others were.");
                return 2;
            }

            return 0;
        });
        return command;
    }

    private static List<string> ExpandInputs(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new CliException($"file not found: {input}");
            }
        }

        return files;
    }
}

/// <summary>Puts one file into <c>articles/</c> with the content type an editor's upload would carry.</summary>
internal sealed class ArticleUploader(IBlobStore store)
{
    public async Task<string> UploadAsync(string path, string blobName, CancellationToken cancellationToken)
    {
        // Read into a pooled buffer: a saved web page is mostly larger than 85 KB, so a fresh array per file would
        // land on the large-object heap and a folder of them would keep the collector busy.
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new IOException($"{path} is too large to upload ({length:N0} bytes).");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            while (read < length && RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read) is var got and > 0)
            {
                read += got;
            }

            return await UploadAsync(path, blobName, buffer.AsMemory(0, read), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<string> UploadAsync(string path, string blobName, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var contentType = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".html" or ".htm" => "text/html",
            ".md" or ".markdown" => "text/markdown",
            _ => "application/octet-stream",
        };
        await store.PutAsync(Containers.Articles, blobName, bytes, new BlobWriteOptions { ContentType = contentType }, cancellationToken);
        return blobName;
    }
}
