using System.Reflection;

namespace Syndication.Functions.Tests;

/// <summary>Paths the test project's build records in assembly metadata (see the .csproj).</summary>
internal static class BuildOutput
{
    public static string FunctionsOutputFolder => Path.GetFullPath(Metadata("FunctionsOutputFolder"));

    public static string BicepPackageFolder => Metadata("BicepPackageFolder");

    private static string Metadata(string key) =>
        typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The test assembly has no '{key}' metadata; build it with `dotnet build tests/Syndication.Functions.Tests`.");
}
