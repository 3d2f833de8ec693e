namespace Syndication.Benchmarks;

/// <summary>One named benchmark; found by <see cref="Program"/> through reflection.</summary>
public interface IBenchmark
{
    /// <summary>Command-line name, e.g. <c>extraction</c>.</summary>
    string Name { get; }

    /// <summary>One line for the list of benchmarks.</summary>
    string Description { get; }

    /// <summary>Runs with the arguments after the name; returns the process exit code.</summary>
    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
