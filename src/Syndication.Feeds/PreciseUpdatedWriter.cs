using System.Globalization;
using System.Xml;

namespace Syndication.Feeds;

/// <summary>
/// Writes Atom <c>updated</c> values with their fractional seconds. Atom10FeedFormatter writes whole seconds only,
/// so two entries ingested within one second would share <c>atom:updated</c> (the W3C validator's
/// DuplicateUpdated); RFC 3339 allows fractions. The stamps come in document order (the feed's, then each entry's),
/// and a value is replaced only when it is the whole-second form of the expected stamp; everything else is forwarded
/// untouched to the inner writer.
/// </summary>
internal sealed class PreciseUpdatedWriter(XmlWriter inner, IEnumerable<DateTimeOffset> stamps) : XmlWriter
{
    private readonly Queue<DateTimeOffset> _stamps = new(stamps);
    private int _depthInUpdated = -1;
    private int _depth;

    public override XmlWriterSettings? Settings => inner.Settings;

    public override WriteState WriteState => inner.WriteState;

    public override void WriteStartElement(string? prefix, string localName, string? ns)
    {
        if (localName == "updated" && ns == FeedText.AtomNamespace && _depthInUpdated < 0)
        {
            _depthInUpdated = _depth;
        }

        _depth++;
        inner.WriteStartElement(prefix, localName, ns);
    }

    public override void WriteEndElement()
    {
        Leave();
        inner.WriteEndElement();
    }

    public override void WriteFullEndElement()
    {
        Leave();
        inner.WriteFullEndElement();
    }

    private void Leave()
    {
        _depth--;
        if (_depth == _depthInUpdated)
        {
            _depthInUpdated = -1;
        }
    }

    public override void WriteString(string? text)
    {
        if (_depthInUpdated >= 0 && _depth == _depthInUpdated + 1 && text is not null && _stamps.TryDequeue(out var stamp))
        {
            var utc = stamp.ToUniversalTime();
            var whole = utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            if (text == whole && utc.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
            }
        }

        inner.WriteString(text);
    }

    public override void Flush() => inner.Flush();

    public override string? LookupPrefix(string ns) => inner.LookupPrefix(ns);

    public override void WriteBase64(byte[] buffer, int index, int count) => inner.WriteBase64(buffer, index, count);

    public override void WriteCData(string? text) => inner.WriteCData(text);

    public override void WriteCharEntity(char ch) => inner.WriteCharEntity(ch);

    public override void WriteChars(char[] buffer, int index, int count) => inner.WriteChars(buffer, index, count);

    public override void WriteComment(string? text) => inner.WriteComment(text);

    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => inner.WriteDocType(name, pubid, sysid, subset);

    public override void WriteEndAttribute() => inner.WriteEndAttribute();

    public override void WriteEndDocument() => inner.WriteEndDocument();

    public override void WriteEntityRef(string name) => inner.WriteEntityRef(name);

    public override void WriteProcessingInstruction(string name, string? text) => inner.WriteProcessingInstruction(name, text);

    public override void WriteRaw(char[] buffer, int index, int count) => inner.WriteRaw(buffer, index, count);

    public override void WriteRaw(string data) => inner.WriteRaw(data);

    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => inner.WriteStartAttribute(prefix, localName, ns);

    public override void WriteStartDocument() => inner.WriteStartDocument();

    public override void WriteStartDocument(bool standalone) => inner.WriteStartDocument(standalone);

    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => inner.WriteSurrogateCharEntity(lowChar, highChar);

    public override void WriteWhitespace(string? ws) => inner.WriteWhitespace(ws);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
