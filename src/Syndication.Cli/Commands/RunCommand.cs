using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Syndication.Cli.Delivery;
using Syndication.Cli.Local;
using Syndication.Core;
using Syndication.Core.Ingest;
using Syndication.Core.Pipeline;
using Syndication.Core.Publishing;
using Syndication.Hosting;
using Syndication.Operator;

namespace Syndication.Cli.Commands;

/// <summary><c>run</c>: the local host — one pass with <c>--once</c>, else watch, work and serve.</summary>
internal static class RunCommand
{
    public const string DefaultUrls = "http://127.0.0.1:7071";

    public static Command Create()
    {
        var once = new Option<bool>("--once") { Description = "Process everything pending, publish, make one delivery round, exit (non-zero if anything was quarantined)" };
        var urls = new Option<string>("--urls") { Description = "Where to serve feeds/ and the operator page (loopback by default)", DefaultValueFactory = _ => DefaultUrls };
        var demoPartner = new Option<bool>("--demo-partner") { Description = "Also deliver to a demo partner endpoint on 127.0.0.1 that verifies signatures and prints what it receives" };
        var command = new Command("run", "Run the pipeline locally") { once, urls, demoPartner };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var baseUrl = parse.GetValue(urls)!.Split(';')[0].TrimEnd('/');
            DemoPartner? partner = parse.GetValue(demoPartner) ? await DemoPartner.StartAsync(Console.Out, TimeProvider.System, cancellationToken) : null;
            await using (partner)
            {
                var extra = DefaultBaseUrl(baseUrl);
                foreach (var (key, value) in partner is null ? new Dictionary<string, string?>() : DemoPartner.ConfigurationOverrides)
                {
                    extra[key] = value;
                }

                var configuration = GlobalOptions.BuildConfiguration(parse, extra);
                return parse.GetValue(once)
                    ? await RunOnceAsync(parse, configuration, partner, cancellationToken)
                    : await ServeAsync(parse, configuration, parse.GetValue(urls)!, partner, cancellationToken);
            }
        });
        return command;
    }

    /// <summary>Feed links point at this host unless Feeds:BaseUrl is configured; the built-in hub is always here.</summary>
    internal static Dictionary<string, string?> DefaultBaseUrl(string baseUrl)
    {
        var defaults = new Dictionary<string, string?> { ["Feeds:BuiltInHubUrl"] = baseUrl.TrimEnd('/') + "/hub" };
        if (Environment.GetEnvironmentVariable("Feeds__BaseUrl") is null)
        {
            defaults["Feeds:BaseUrl"] = baseUrl;
        }

        return defaults;
    }

    internal static async Task<int> RunOnceAsync(ParseResult parse, IConfiguration configuration, DemoPartner? partner, CancellationToken cancellationToken)
    {
        using var provider = ServiceFactory.Build(parse, configuration, services => AddDemoPartner(services, partner));
        await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
        await ServiceFactory.EnsurePartnerRegistryValidAsync(provider, cancellationToken);
        using var folderLock = LockIfLocal(configuration);
        await provider.GetRequiredService<FeedLinksGuard>().EnsureCurrentAsync(cancellationToken);
        var result = await RunReport.WithProgressAsync(
            progress => provider.GetRequiredService<PipelineRunner>().RunOnceAsync(cancellationToken, progress));
        RunReport.Print(result, provider.GetRequiredService<IOptions<FeedsOptions>>().Value, configuration);
        if (partner is not null)
        {
            var valid = partner.Received.Count(d => d.SignatureValid);
            AnsiConsole.MarkupLineInterpolated($"Demo partner at {partner.Url} received {partner.Received.Count} webhook(s), {valid} with a valid signature.");
        }

        if (result.Reconcile.Refusal is not null)
        {
            return ReconcileCommand.RefusedExitCode;
        }

        return result.Reconcile.Results.Any(r => r.Status is IngestStatus.Quarantined or IngestStatus.Failed) || result.Failures.Count > 0 || result.PublishWaiting > 0 ? 1 : 0;
    }

    private static void AddDemoPartner(IServiceCollection services, DemoPartner? partner)
    {
        if (partner is not null)
        {
            services.AddSingleton(partner.Registration);
        }
    }

    private static async Task<int> ServeAsync(ParseResult parse, IConfiguration configuration, string urls, DemoPartner? partner, CancellationToken cancellationToken)
    {
        foreach (var url in urls.Split(';'))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--urls: '{url}' is not an http(s) URL such as {DefaultUrls}");
            }
        }

        using var folderLock = LockIfLocal(configuration);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(urls.Split(';'));
        builder.Logging.ClearProviders().AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(parse.GetValue(GlobalOptions.Verbose) ? LogLevel.Information : LogLevel.Warning);
        builder.Services.AddSyndication(configuration);
        AddDemoPartner(builder.Services, partner);
        builder.Services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        builder.Services.AddOptions<LocalOptions>().Bind(configuration.GetSection(LocalOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<LocalWorker>();
        builder.Services.AddSyndicationOperator();
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/rss+xml", "application/atom+xml", "application/feed+json", "text/x-opml"]);
        });

        var app = builder.Build();
        ServiceFactory.ValidateOptions(app.Services);
        await ServiceFactory.EnsureStorageReachableAsync(app.Services, configuration, cancellationToken);
        await ServiceFactory.EnsurePartnerRegistryValidAsync(app.Services, cancellationToken);
        if (await app.Services.GetRequiredService<FeedLinksGuard>().EnsureCurrentAsync(cancellationToken))
        {
            AnsiConsole.MarkupLine("Feeds were written for another base URL or hub: rebuilt them for this one.");
        }

        app.UseResponseCompression();
        app.MapStoreEndpoints();
        app.MapHub();
        var access = new OperatorAccess(app.Services.GetRequiredService<IOptions<OperatorOptions>>().Value, urls.Split(';'));
        app.MapOperator(access);

        await app.StartAsync(cancellationToken);
        var feeds = app.Services.GetRequiredService<IOptions<FeedsOptions>>().Value;
        AnsiConsole.MarkupLineInterpolated($"[green]Syndication is running.[/] Watching articles/ in {Describe(configuration)}");
        AnsiConsole.MarkupLineInterpolated($"Feeds: [link]{feeds.Base}/feeds/rss.xml[/]  [link]{feeds.Base}/feeds/atom.xml[/]  [link]{feeds.Base}/feeds/feed.json[/]  (all feeds: {feeds.Base}/feeds/index.opml)");
        if (access.Closed)
        {
            AnsiConsole.MarkupLine("[yellow]Operator page closed:[/] it would listen beyond loopback and Operator:AccessKey is not set (feeds are served).");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"Operator page: [link]{urls.Split(';')[0].TrimEnd('/')}/[/]{(access.ListensBeyondLoopback ? " (open it with ?code=<Operator:AccessKey>)" : "")}");
        }
        AnsiConsole.MarkupLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    internal static DataFolderLock? LockIfLocal(IConfiguration configuration) => DataFolderLock.AcquireIfLocal(configuration, "run");

    internal static string Describe(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        return storage.UsesAzure ? "the Azure Storage account" : Path.GetFullPath(storage.DataRoot);
    }
}
