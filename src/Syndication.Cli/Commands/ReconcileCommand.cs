using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Syndication.Core;
using Syndication.Core.Pipeline;

namespace Syndication.Cli.Commands;

/// <summary>
/// <c>reconcile [--allow-mass-delete]</c>: one reconcile pass and the publishing it causes; with the flag, the
/// operator confirms deletions the mass-deletion guard refused (a missing or emptied <c>articles/</c>, or more than
/// <c>Reconcile:MaxDeleteFraction</c> of the entries at once).
/// </summary>
internal static class ReconcileCommand
{
    /// <summary>Exit code of a pass whose deletions were refused by the guard.</summary>
    public const int RefusedExitCode = 3;

    public static Command Create()
    {
        var allow = new Option<bool>("--allow-mass-delete") { Description = "Confirm: delete every entry whose article is gone, however many (the guard refuses more than Reconcile:MaxDeleteFraction, or all of them behind a missing or empty articles/)" };
        var command = new Command("reconcile", "Compare articles/ with the entries: ingest what is missing, remove entries of deleted articles, publish") { allow };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = GlobalOptions.BuildConfiguration(parse);
            using var provider = ServiceFactory.Build(parse, configuration);
            await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
            using var folderLock = RunCommand.LockIfLocal(configuration);
            var result = await RunReport.WithProgressAsync(
                progress => provider.GetRequiredService<PipelineRunner>().RunOnceAsync(cancellationToken, progress, parse.GetValue(allow)));
            RunReport.Print(result, provider.GetRequiredService<IOptions<FeedsOptions>>().Value, configuration);
            return result.Reconcile.Refusal is null ? 0 : RefusedExitCode;
        });
        return command;
    }

    /// <summary>Prints a refusal in red with the remedy; returns whether there was one.</summary>
    public static bool PrintRefusal(PipelineRunResult result)
    {
        if (result.Reconcile.Refusal is not { } refusal)
        {
            return false;
        }

        AnsiConsole.MarkupLineInterpolated($"[red]Deletion refused:[/] {refusal.Reason}");
        if (refusal.Examples.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"  articles that seem gone: {string.Join(", ", refusal.Examples)}{(refusal.Disappearing > refusal.Examples.Count ? ", …" : "")}");
        }

        return true;
    }
}
