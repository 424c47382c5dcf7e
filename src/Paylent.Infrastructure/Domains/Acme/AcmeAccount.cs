using System.Security.Cryptography;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>An account at the CA: its URL (the <c>kid</c> of every request after newAccount, RFC 8555 §6.2) and the caller's key.</summary>
public sealed class AcmeAccount
{
    internal AcmeAccount(Uri url, AcmeAccountKey key)
    {
        Url = url;
        AccountKey = key;
    }

    public Uri Url { get; }

    public ECDsa Key => AccountKey.Key;

    internal AcmeAccountKey AccountKey { get; }
}
