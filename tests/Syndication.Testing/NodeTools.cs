using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syndication.Testing;

/// <summary>
/// Outside checkers run with node from <c>tests/node</c> (install with <c>npm ci --prefix tests/node</c>): ajv 8 with the
/// JSON Schema 2020-12 dialect and ajv-formats, and the reference <c>standardwebhooks</c> verifier. A missing tool fails
/// the test naming what to install; these checks are the point of the tests that call them.
/// </summary>
public static class NodeTools
{
    /// <summary>One document's verdict: the ajv errors (instance path and message) when it is invalid.</summary>
    public sealed record SchemaVerdict(int Index, bool Valid, IReadOnlyList<string> Errors);

    private const string ValidateScript = """
        const fs = require('fs');
        const Ajv2020 = require('ajv/dist/2020');
        const addFormats = require('ajv-formats');
        const input = JSON.parse(fs.readFileSync(0, 'utf8'));
        // strict: false only relaxes checks of how the schema is written (IPTC's schema trips strictRequired); every
        // validation keyword and format is still applied.
        const ajv = new Ajv2020({ allErrors: true, strict: false });
        addFormats(ajv);
        for (const file of input.referenced) ajv.addSchema(JSON.parse(fs.readFileSync(file, 'utf8')));
        const validate = ajv.compile(JSON.parse(fs.readFileSync(input.schema, 'utf8')));
        const out = input.documents.map((d, i) => {
          const valid = validate(d);
          return { index: i, valid, errors: (validate.errors || []).map(e => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`) };
        });
        console.log(JSON.stringify(out));
        """;

    private const string VerifyScript = """
        const { Webhook } = require('standardwebhooks');
        const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
        const failures = [];
        for (const r of input.requests) {
          try { new Webhook(input.secret).verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature }); }
          catch (e) { failures.push(`${r.id}: ${e.message}`); }
        }
        console.log(JSON.stringify({ verified: input.requests.length - failures.length, failures }));
        """;

    public static string NodeFolder => RepositoryPaths.Combine("tests", "node");

    /// <summary>Validates each document against <paramref name="schemaFile"/>; <paramref name="referenced"/> are schemas it refers to by <c>$id</c>.</summary>
    public static async Task<IReadOnlyList<SchemaVerdict>> ValidateAsync(string schemaFile, IReadOnlyList<string> referenced, IReadOnlyList<JsonNode?> documents)
    {
        RequirePackages("ajv", "ajv-formats");
        var input = new JsonObject
        {
            ["schema"] = schemaFile,
            ["referenced"] = new JsonArray([.. referenced.Select(r => (JsonNode)r)]),
            ["documents"] = new JsonArray([.. documents.Select(d => d?.DeepClone())]),
        };
        var (exit, stdout, stderr) = await RunAsync(ValidateScript, input.ToJsonString());
        if (exit != 0)
        {
            throw new InvalidOperationException($"ajv failed (exit {exit}): {stderr}");
        }

        return [.. JsonNode.Parse(stdout)!.AsArray().Select(v => new SchemaVerdict(
            v!["index"]!.GetValue<int>(), v["valid"]!.GetValue<bool>(), [.. v["errors"]!.AsArray().Select(e => e!.GetValue<string>())]))];
    }

    /// <summary>The ninjs 3.1 schema in the repository, and the GeoJSON schema it refers to by URL.</summary>
    public static Task<IReadOnlyList<SchemaVerdict>> ValidateNinjsAsync(IReadOnlyList<JsonNode?> documents) =>
        ValidateAsync(RepositoryPaths.Combine("docs", "schemas", "ninjs-schema_3.1.json"), [RepositoryPaths.Combine("docs", "schemas", "GeoJSON-schema.json")], documents);

    /// <summary>Verifies each received webhook with the npm <c>standardwebhooks</c> library; returns (verified, failures).</summary>
    public static async Task<(int Verified, IReadOnlyList<string> Failures)> VerifyStandardWebhooksAsync(string secret, IEnumerable<ReceivedWebhook> requests)
    {
        RequirePackages("standardwebhooks");
        var input = JsonSerializer.Serialize(new
        {
            secret,
            requests = requests.Select(r => new { id = r.Id, timestamp = r.Timestamp, signature = r.Signature, body = r.Body }),
        });
        var (exit, stdout, stderr) = await RunAsync(VerifyScript, input);
        if (exit != 0)
        {
            throw new InvalidOperationException($"standardwebhooks failed (exit {exit}): {stderr}");
        }

        var result = JsonNode.Parse(stdout)!;
        return (result["verified"]!.GetValue<int>(), [.. result["failures"]!.AsArray().Select(f => f!.GetValue<string>())]);
    }

    private static void RequirePackages(params string[] packages)
    {
        foreach (var package in packages)
        {
            var folder = Path.Combine(NodeFolder, "node_modules", package);
            if (!Directory.Exists(folder))
            {
                throw new InvalidOperationException($"{folder} is missing: run `npm ci --prefix tests/node` (needs node and npm: apt-get install -y nodejs npm).");
            }
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string script, string stdin)
    {
        var start = new ProcessStartInfo("node", ["-e", script])
        {
            WorkingDirectory = NodeFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node is not installed: apt-get install -y nodejs npm, then `npm ci --prefix tests/node`.", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(cancel.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
