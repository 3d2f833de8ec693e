using Syndication.Benchmarks;

// The extraction benchmark's baseline process: dispatched before anything else so its start-up is SmartReader's own.
if (args.Length > 0 && args[0] == SmartReaderExtract.CommandName)
{
    return SmartReaderExtract.Run(args[1..]);
}

var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var chosen = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (chosen is null)
{
    Console.Error.WriteLine(args.Length == 0 ? "usage: Syndication.Benchmarks <name> [options]" : $"unknown benchmark '{args[0]}'");
    foreach (var benchmark in benchmarks)
    {
        Console.Error.WriteLine($"  {benchmark.Name,-15} {benchmark.Description}");
    }

    return 64;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await chosen.RunAsync(args[1..], cancel.Token);
