using System.Text.Json;
using Syndication.Core.Storage;

namespace Syndication.Functions.Tests;

/// <summary>
/// The azd hooks in <c>infra/hooks</c>, bash scripts and their PowerShell twins, run against stand-in <c>az</c> / <c>azd</c> commands: the Event Grid
/// subscription they create is the one the template and the code agree on, and each waits and retries where Azure
/// is known to be slow (keys missing, ServiceUnavailable, webhook validation, late role assignments).
/// </summary>
public sealed class HookScriptTests
{
    private const string AppUrl = "https://func-news-abc.azurewebsites.net";

    [Theory]
    [InlineData("postdeploy.sh")]
    [InlineData("postdeploy.ps1")]
    public async Task Postdeploy_KeyLateThenValidationFails_RetriesAndSubscribesTheTemplatesFunction(string script)
    {
        using var fake = new FakeCommands()
            .Reply("az", "functionapp keys list", 1, stderr: "(ServiceUnavailable) The service is unavailable.")
            .Reply("az", "functionapp keys list", 0, stdout: "")
            .Reply("az", "functionapp keys list", 0, stdout: "blobs-key-123\n")
            .Reply("az", "eventgrid system-topic event-subscription create", 1, stderr: "Webhook validation handshake failed")
            .Reply("az", "eventgrid system-topic event-subscription create", 0);
        var environment = await TemplateEnvironmentAsync();

        var run = await fake.RunAsync(script, environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        var calls = fake.Calls("az");
        Assert.Equal(3, calls.Count(c => c[0] == "functionapp"));
        var creates = calls.Where(c => c[0] == "eventgrid").ToList();
        Assert.Equal(2, creates.Count);
        var create = creates[^1];

        // The function the template names is the code's Event Grid blob trigger, on the container the filter names.
        var function = environment["ARTICLE_EVENTS_FUNCTION"];
        var trigger = FunctionsMetadataTests.Trigger(function, "blobTrigger");
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        var container = trigger.GetProperty("path").GetString()!.Split('/')[0];
        Assert.Equal(Containers.Articles, container);

        Assert.Equal($"{AppUrl}/runtime/webhooks/blobs?functionName=Host.Functions.ArticleUploaded&code=blobs-key-123", Argument(create, "--endpoint"));
        Assert.Equal($"/blobServices/default/containers/{container}/", Argument(create, "--subject-begins-with"));
        Assert.Equal("Microsoft.Storage.BlobCreated", Argument(create, "--included-event-types"));
        Assert.Equal("webhook", Argument(create, "--endpoint-type"));
        Assert.Equal("evgt-news-abc", Argument(create, "--system-topic-name"));
        Assert.Equal("rg-news", Argument(create, "--resource-group"));
        Assert.Contains("Event Grid subscription articles-to-articleuploaded", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postdeploy.sh")]
    [InlineData("postdeploy.ps1")]
    public async Task Postdeploy_KeyNeverAppears_FailsNamingTheWayToRunItAgain(string script)
    {
        using var fake = new FakeCommands();
        var environment = await TemplateEnvironmentAsync();
        environment["HOOK_ATTEMPTS"] = "3";

        var run = await fake.RunAsync(script, environment);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Equal(3, fake.Calls("az").Count);
        Assert.DoesNotContain(fake.Calls("az"), c => c[0] == "eventgrid");
        Assert.Contains("azd hooks run postdeploy", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postdeploy_DryRun_PrintsTheCommandsAndCallsNothing()
    {
        using var fake = new FakeCommands();

        var run = await fake.RunAsync("postdeploy.sh", await TemplateEnvironmentAsync(), "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(fake.Calls("az"));
        Assert.Contains("az eventgrid system-topic event-subscription create", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("functionName=Host.Functions.ArticleUploaded", run.Stdout.Replace("\\", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postdeploy_OutsideAzd_RefusesNamingTheMissingSetting()
    {
        using var fake = new FakeCommands();

        var run = await fake.RunAsync("postdeploy.sh", new Dictionary<string, string>());

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("AZURE_RESOURCE_GROUP is not set", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(fake.Calls("az"));
    }

    [Theory]
    [InlineData("preprovision.sh", false, true, "true")]
    [InlineData("preprovision.sh", true, false, "false")]
    [InlineData("preprovision.sh", false, false, "false")]
    [InlineData("preprovision.ps1", false, true, "true")]
    [InlineData("preprovision.ps1", true, false, "false")]
    public async Task Preprovision_SoftDeletedVault_SetsRecoverOnlyWhenNoLiveVault(string script, bool live, bool deleted, string expected)
    {
        using var fake = new FakeCommands()
            .Reply("az", "keyvault show --name", live ? 0 : 3, stdout: live ? "kv-news-abc" : "", stderr: live ? "" : "(VaultNotFound)")
            .Reply("az", "keyvault show-deleted", deleted ? 0 : 3, stdout: deleted ? "kv-news-abc" : "", stderr: deleted ? "" : "(DeletedVaultNotFound)");

        var run = await fake.RunAsync(script, new Dictionary<string, string> { ["KEY_VAULT_NAME"] = "kv-news-abc" });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([["env", "set", "KEY_VAULT_RECOVER", expected]], fake.Calls("azd"));
    }

    [Fact]
    public async Task Preprovision_FirstProvision_CreatesANewVaultWithoutAskingAzure()
    {
        using var fake = new FakeCommands();

        var run = await fake.RunAsync("preprovision.sh", new Dictionary<string, string>());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(fake.Calls("az"));
        Assert.Equal([["env", "set", "KEY_VAULT_RECOVER", "false"]], fake.Calls("azd"));
    }

    [Theory]
    [InlineData("postprovision.sh")]
    [InlineData("postprovision.ps1")]
    public async Task Postprovision_OldAssignments_ReturnsWithoutWaiting(string script)
    {
        using var fake = new FakeCommands()
            .Reply("az", "role assignment list", 0, stdout: "2024-01-05T10:00:00.000000+00:00\n2024-01-05T10:00:03.000000+00:00\n");

        var run = await fake.RunAsync(script, new Dictionary<string, string> { ["AZURE_FUNCTION_PRINCIPAL_ID"] = "0000-principal" });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("waiting", run.Stdout, StringComparison.Ordinal);
        var call = Assert.Single(fake.Calls("az"));
        Assert.Equal("[?principalId=='0000-principal'].createdOn", Argument(call, "--query"));
    }

    [Theory]
    [InlineData("postprovision.sh")]
    [InlineData("postprovision.ps1")]
    public async Task Postprovision_NoAssignmentEver_FailsNamingTheRoleNeeded(string script)
    {
        using var fake = new FakeCommands();

        var run = await fake.RunAsync(script, new Dictionary<string, string>
        {
            ["AZURE_FUNCTION_PRINCIPAL_ID"] = "0000-principal",
            ["HOOK_ATTEMPTS"] = "2",
            ["HOOK_RETRY_SECONDS"] = "0",
        });

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Equal(2, fake.Calls("az").Count);
        Assert.Contains("Owner or User Access Administrator", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The azd environment after provisioning: the template's own outputs where it fixes them, made-up names for the rest.</summary>
    private static async Task<Dictionary<string, string>> TemplateEnvironmentAsync()
    {
        using var template = JsonDocument.Parse((await BicepTests.Build.Value).Output);
        var environment = new Dictionary<string, string>
        {
            ["AZURE_RESOURCE_GROUP"] = "rg-news",
            ["AZURE_FUNCTION_APP_NAME"] = "func-news-abc",
            ["AZURE_FUNCTION_APP_URL"] = AppUrl,
            ["EVENT_GRID_TOPIC"] = "evgt-news-abc",
            ["HOOK_RETRY_SECONDS"] = "0",
        };
        foreach (var output in new[] { "ARTICLE_EVENTS_FUNCTION", "ARTICLE_EVENTS_TYPE", "ARTICLE_EVENTS_SUBJECT_PREFIX" })
        {
            environment[output] = BicepTests.OutputValue(template.RootElement, output);
        }

        return environment;
    }

    private static string Argument(IReadOnlyList<string> call, string name)
    {
        var index = call.ToList().IndexOf(name);
        Assert.True(index >= 0 && index + 1 < call.Count, $"{name} missing from: {string.Join(' ', call)}");
        return call[index + 1];
    }
}
