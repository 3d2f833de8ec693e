using System.Globalization;
using System.Net;
using System.Text;

namespace Syndication.Operator;

/// <summary>Small helpers for writing encoded HTML.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Url(string text) => Uri.EscapeDataString(text);

    public static string Date(DateTimeOffset? value) =>
        value is null ? "" : $"<time datetime=\"{value.Value.ToString("O", CultureInfo.InvariantCulture)}\">{value.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</time>";

    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: http: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static string Page(string title, string body, string homeHref)
    {
        var sb = new StringBuilder();
        sb.Append($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} — Syndication operator</title>
            <style>
            body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1c2430;background:#f6f7f9}
            header{background:#1f3a5f;color:#fff;padding:.8rem 1.5rem} header a{color:#fff;text-decoration:none;font-weight:600}
            main{padding:1rem 1.5rem;max-width:1200px} h2{margin-top:2rem;font-size:1.15rem}
            table{border-collapse:collapse;width:100%;background:#fff} th,td{border-bottom:1px solid #e3e6ea;padding:.4rem .5rem;text-align:left;vertical-align:top}
            th{background:#eef1f5;font-weight:600} .muted{color:#667} .summary{max-width:34rem}
            .badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.8rem;font-weight:600}
            .published,.delivered,.succeeded{background:#d8f3dc;color:#1b5e20} .quarantined,.dead,.failed{background:#fde2e1;color:#8a1c1c}
            .superseded,.pending,.retrying,.scheduled{background:#fff3cd;color:#7a5800}
            form{display:inline} button{font:inherit;padding:.15rem .6rem;cursor:pointer}
            .preview{background:#fff;border:1px solid #e3e6ea;padding:1rem 1.5rem;max-width:46rem} .preview img{max-width:100%}
            .notice{background:#e7f1ff;border:1px solid #b6d4fe;padding:.5rem 1rem;margin:1rem 0}
            .alert{background:#fdecea;border:2px solid #d93025;padding:.5rem 1rem;margin:1rem 0}
            </style></head><body>
            <header><a href="{{E(homeHref)}}">Syndication operator</a></header>
            <main>
            """);
        sb.Append(body);
        sb.Append("</main></body></html>");
        return sb.ToString();
    }
}
