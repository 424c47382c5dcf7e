using System.Text;
using System.Text.RegularExpressions;

namespace Paylent.Testing;

/// <summary>
/// The <c>.eml</c> files Paylent writes in Pickup mode (<c>{DataDirectory}/mail/</c>), read as a mail
/// client would: enough MIME (RFC 2045/2046/2047) for Paylent's own multipart/alternative messages.
/// </summary>
public sealed partial class PickupMailbox(string dataDirectory)
{
    public string Folder { get; } = Path.Combine(dataDirectory, "mail");

    public IReadOnlyList<PickedUpEmail> All() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(PickedUpEmail.Read).ToList()
            : [];

    /// <summary>Polls until a message to <paramref name="to"/> (matching <paramref name="where"/>) is there.</summary>
    public async Task<PickedUpEmail> WaitForAsync(string to, Func<PickedUpEmail, bool>? where = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = All().FirstOrDefault(m => string.Equals(m.To, to, StringComparison.OrdinalIgnoreCase) && (where?.Invoke(m) ?? true));
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No email to {to} in {Folder} within the timeout ({All().Count} other messages there).");
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>One message of the pickup folder: its headers and both bodies, decoded.</summary>
public sealed partial record PickedUpEmail(
    string File, IReadOnlyDictionary<string, string> Headers, string ContentType, string Text, string Html)
{
    public string To => Headers["To"];

    public string From => Headers["From"];

    public string Subject => Headers["Subject"];

    public string MessageId => Headers["Message-ID"];

    /// <summary>The first http(s) link of the plain-text part.</summary>
    public string FirstLink => Link().Match(Text) is { Success: true } match ? match.Value : throw new InvalidOperationException("The email has no link.");

    public static PickedUpEmail Read(string file) => Parse(System.IO.File.ReadAllText(file, Encoding.ASCII), file);

    /// <summary>A message as written to a file or sent in SMTP's DATA.</summary>
    public static PickedUpEmail Parse(string message, string file)
    {
        var (headers, body) = Split(message);
        var contentType = headers.GetValueOrDefault("Content-Type", "text/plain");
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Boundary().Match(contentType) is { Success: true } boundary)
        {
            foreach (var part in body.Split("--" + boundary.Groups[1].Value.Trim('"')).Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal)))
            {
                var (partHeaders, partBody) = Split(part.TrimStart('\r', '\n'));

                // RFC 2046 §5.1.1: the line break before a boundary belongs to the boundary, not the part.
                partBody = partBody.EndsWith("\r\n", StringComparison.Ordinal) ? partBody[..^2] : partBody;
                parts[partHeaders.GetValueOrDefault("Content-Type", "text/plain").Split(';')[0].Trim()] =
                    Decode(partBody, partHeaders.GetValueOrDefault("Content-Transfer-Encoding", "7bit"));
            }
        }
        else
        {
            parts[contentType.Split(';')[0].Trim()] = Decode(body, headers.GetValueOrDefault("Content-Transfer-Encoding", "7bit"));
        }

        return new PickedUpEmail(file, headers, contentType, parts.GetValueOrDefault("text/plain", ""), parts.GetValueOrDefault("text/html", ""));
    }

    private static (Dictionary<string, string> Headers, string Body) Split(string entity)
    {
        var end = entity.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? entity : entity[..end];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Regex.Replace(head, "\r\n[ \t]+", " ").Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = EncodedWords(line[(colon + 1)..].Trim());
            }
        }

        return (headers, end < 0 ? "" : entity[(end + 4)..]);
    }

    private static string Decode(string body, string encoding) => encoding.Trim().ToUpperInvariant() switch
    {
        "BASE64" => Encoding.UTF8.GetString(Convert.FromBase64String(Regex.Replace(body, @"\s", ""))),
        "QUOTED-PRINTABLE" => QuotedPrintable(body),
        _ => body.TrimEnd('\r', '\n'),
    };

    private static string QuotedPrintable(string body)
    {
        var bytes = new List<byte>();
        var text = body.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    // RFC 2047: =?charset?B|Q?text?=; white space between two encoded words is dropped (§6.2), but
    // kept between an encoded word and plain text, which MimeKit leaves unencoded.
    private static string EncodedWords(string value) => EncodedWord().Replace(BetweenEncodedWords().Replace(value, ""), m => m.Groups[2].Value.ToUpperInvariant() == "B"
        ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[3].Value))
        : QuotedPrintable(m.Groups[3].Value.Replace('_', ' ')));

    [GeneratedRegex(@"boundary=(""[^""]+""|[^;\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"(?<=\?=)[ \t]+(?==\?[^?]+\?[BbQq]\?)")]
    private static partial Regex BetweenEncodedWords();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Link();
}
