namespace Paylent.Application.Common;

/// <summary>
/// Passwords too common to allow (NIST SP 800-63B §5.1.1.2: check against known-compromised values).
/// The list ships with the project (<c>common-passwords.txt</c>: the 8+ character entries of the
/// MIT-licensed common-password list, lower-cased) and is compared case-insensitively.
/// </summary>
public static class CommonPasswords
{
    private static readonly Lazy<HashSet<string>> List = new(Load);

    public static bool Contains(string password) => List.Value.Contains(password);

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("Paylent.Application.Common.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords;
    }
}
