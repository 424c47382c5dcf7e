using System.Globalization;
using System.Net;
using Paylent.Domain.Common;

namespace Paylent.Domain.Domains;

/// <summary>
/// A custom domain's host name, in its one canonical ASCII form (<see cref="Ascii"/>: lower case,
/// internationalized labels as punycode, no trailing dot) and as a person reads it (<see cref="Unicode"/>).
/// Two inputs that name the same host (<c>Shop.Example.com.</c>, <c>shop.example.com</c>; <c>bücher.de</c>,
/// <c>xn--bcher-kva.de</c>) parse to the same value, so uniqueness holds on <see cref="Ascii"/>.
/// </summary>
public sealed record Hostname
{
    /// <summary>RFC 1035 §2.3.4: a name is at most 255 octets on the wire, 253 characters written out.</summary>
    public const int MaxLength = 253;

    public const int MaxLabelLength = 63;

    /// <summary>What is looked at at all: a Unicode name may be longer than its ASCII form, never by this much.</summary>
    public const int MaxInputLength = 1024;

    // UTS #46 with STD3 rules: only letters, digits and hyphens survive (no '_', '*', ' ' or '/').
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    private Hostname(string ascii, string unicode)
    {
        Ascii = ascii;
        Unicode = unicode;
    }

    public string Ascii { get; }

    public string Unicode { get; }

    /// <summary>The canonical host, or a <see cref="DomainException"/> (<c>invalid_hostname</c>) that says which rule it breaks.</summary>
    public static Hostname Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            throw Invalid("Enter a host name, like auth.example.com.");
        }

        if (input.Length > MaxInputLength)
        {
            throw Invalid($"A host name is at most {MaxLength} characters.");
        }

        if (input.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) || c == '\uFFFD' || IsInvisible(c)))
        {
            throw Invalid("A host name has no spaces, control characters, invisible characters or characters that are not text.");
        }

        if (input.Contains('*', StringComparison.Ordinal))
        {
            throw Invalid("Wildcard names are not supported: add each host name.");
        }

        if (IsIpLiteral(input))
        {
            throw Invalid("An IP address is not a host name: enter a DNS name.");
        }

        if (input.Contains("://", StringComparison.Ordinal) || input.IndexOfAny(['/', ':', '@', '?', '#']) >= 0)
        {
            throw Invalid("Enter the host name only (auth.example.com), without a scheme, port or path.");
        }

        // RFC 1034 §3.1: a trailing dot marks the name absolute; it names the same host.
        var name = input.EndsWith('.') ? input[..^1] : input;
        string ascii;
        try
        {
            ascii = Idn.GetAscii(name).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            throw Invalid("A host name is labels of letters, digits and hyphens separated by dots (auth.example.com); a label neither starts nor ends with a hyphen.");
        }

        var labels = ascii.Split('.');
        if (ascii.Length > MaxLength)
        {
            throw Invalid($"A host name is at most {MaxLength} characters.");
        }

        if (labels.Any(l => l.Length is 0 or > MaxLabelLength))
        {
            throw Invalid($"Each label of a host name (between dots) has 1 to {MaxLabelLength} characters.");
        }

        if (!labels.All(IsLdhLabel))
        {
            throw Invalid("A host name is labels of letters, digits and hyphens separated by dots (auth.example.com); a label neither starts nor ends with a hyphen.");
        }

        if (labels.Length < 2)
        {
            throw Invalid("A host name has at least two labels (example.com).");
        }

        // RFC 3696 §2: a top-level domain is never all-numeric; this also refuses every IPv4 spelling.
        if (labels[^1].All(char.IsAsciiDigit) || IsIpLiteral(ascii))
        {
            throw Invalid("An IP address is not a host name: enter a DNS name.");
        }

        // RFC 6761 §6.3: localhost and its subdomains are the local machine everywhere.
        if (labels[^1] == "localhost")
        {
            throw Invalid("localhost names the local machine; enter a public host name.");
        }

        string unicode;
        try
        {
            // An xn-- label must be valid punycode that maps back to itself.
            unicode = Idn.GetUnicode(ascii);
            if (!string.Equals(Idn.GetAscii(unicode), ascii, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("The host name has an internationalized label that is not in its canonical form.");
            }
        }
        catch (ArgumentException)
        {
            throw Invalid("The host name has an xn-- label that is not valid punycode.");
        }

        return new Hostname(ascii, unicode);
    }

    /// <summary>Whether this is <paramref name="domain"/> itself or a name under it (<c>a.b.example.com</c> under <c>example.com</c>).</summary>
    public bool IsAtOrUnder(string domain)
    {
        var other = domain.TrimEnd('.').ToLowerInvariant();
        return other.Length > 0 && (Ascii == other || Ascii.EndsWith("." + other, StringComparison.Ordinal));
    }

    public override string ToString() => Ascii;

    // UTS #46 would silently drop a zero-width space or a BOM (a paste error, never meant); the joiners
    // stay, as IDNA2008 allows them in some scripts (RFC 5892 Appendix A.1, A.2).
    private static bool IsInvisible(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c is not ('\u200C' or '\u200D');

    private static bool IsLdhLabel(string label) =>
        label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-';

    private static bool IsIpLiteral(string value)
    {
        var bare = value.StartsWith('[') && value.EndsWith(']') ? value[1..^1] : value;
        return bare.Contains(':', StringComparison.Ordinal) ? IPAddress.TryParse(bare, out _) : IPAddress.TryParse(bare.TrimEnd('.'), out _) && bare.TrimEnd('.').All(c => char.IsAsciiHexDigit(c) || c is '.' or 'x' or 'X');
    }

    private static DomainException Invalid(string message) => new("invalid_hostname", message, "hostname");
}
