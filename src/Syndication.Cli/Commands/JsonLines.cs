using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Syndication.Cli.Commands;

/// <summary>
/// <c>--json</c> of the listing commands (<c>status</c>, <c>quarantine list</c>, <c>deliveries list</c>,
/// <c>partners list</c>): one JSON object a line on stdout and nothing else, so scripts never parse tables.
/// </summary>
internal sealed class JsonLines : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Stream _stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public static Option<bool> CreateOption() => new("--json") { Description = "Print one JSON object a line instead of a table" };

    public void Write(Action<Utf8JsonWriter> properties)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, Options))
        {
            json.WriteStartObject();
            properties(json);
            json.WriteEndObject();
        }

        _stdout.Write(_buffer.WrittenSpan);
        _stdout.WriteByte((byte)'\n');
    }

    /// <summary>ISO 8601 in UTC, as everywhere else in the project's JSON.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, Time(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    public void Dispose() => _stdout.Dispose();
}
