namespace Paylent.Web.Dashboard;

/// <summary>
/// One-line confirmations shown after a redirect. The query string carries a code, never the text,
/// so a crafted link cannot make the dashboard say something it does not say.
/// </summary>
public static class Flash
{
    public const string QueryKey = "flash";
    public const string ClientSaved = "client-saved";
    public const string ClientDeleted = "client-deleted";
    public const string KeyGenerated = "key-generated";
    public const string KeySetPrimary = "key-primary";
    public const string KeyDeactivated = "key-deactivated";
    public const string AccountSessionEnded = "account-session-ended";
    public const string AccountVerificationSent = "account-verification-sent";

    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        [ClientSaved] = "The client's settings were saved.",
        [ClientDeleted] = "The client was deleted.",
        [KeyGenerated] = "A new key was generated. It is now the primary key and signs new tokens.",
        [KeySetPrimary] = "The key is now the primary key and signs new tokens.",
        [KeyDeactivated] = "The key was deactivated and removed from JWKS.",
        [AccountSessionEnded] = "The session was ended. That browser is signed out.",
        [AccountVerificationSent] = "We sent a new confirmation link. Check your inbox.",
    };

    public static string? Message(string? code) => code is not null && Messages.TryGetValue(code, out var message) ? message : null;
}
