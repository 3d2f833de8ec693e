using System.CommandLine;
using Syndication.Cli;
using Syndication.Cli.Commands;

var root = new RootCommand("syndication — extract, publish and deliver articles (local host of the Syndication pipeline)")
{
    GlobalOptions.Data,
    GlobalOptions.Connection,
    GlobalOptions.Verbose,
    ExtractCommand.Create(),
    UploadCommand.Create(),
    RunCommand.Create(),
    ReconcileCommand.Create(),
    DemoCommand.Create(),
    StatusCommands.CreateStatus(),
    StatusCommands.CreateQuarantine(),
    StatusCommands.CreatePoison(),
    DeliveryCommands.CreateDeliveries(),
    DeliveryCommands.CreatePartners(),
    FeedsCommand.Create(),
};

var parse = root.Parse(args);
try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return ex.ExitCode;
}
catch (Syndication.Core.Delivery.PartnerRegistryException ex)
{
    Console.Error.WriteLine($"error: config/partners.json: {ex.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
catch (Exception ex) when (!parse.GetValue(GlobalOptions.Verbose))
{
    Console.Error.WriteLine($"error: {ex.Message} (run with --verbose for details)");
    return 1;
}
