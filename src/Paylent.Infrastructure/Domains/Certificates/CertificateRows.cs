namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>
/// A row of <c>acme_accounts</c>: the install's one account key for a CA (by directory URL), a P-256 key
/// sealed with the key-encryption key as signing keys are, bound to the directory URL. Never audited.
/// </summary>
public sealed class AcmeAccountRecord
{
    public const int MaxUrlLength = 2000;

    private AcmeAccountRecord(string directoryUrl, string sealedKey)
    {
        DirectoryUrl = directoryUrl;
        SealedKey = sealedKey;
    }

    public Guid Id { get; private set; }

    /// <summary>The CA's directory: unique, so instances starting together end with one key.</summary>
    public string DirectoryUrl { get; private set; }

    public string SealedKey { get; private set; }

    /// <summary>The account's URL at the CA once registered, for operators (the key finds it again anyway, RFC 8555 §7.3.1).</summary>
    public string? AccountUrl { get; private set; }

    public DateTime CreatedAt { get; private set; }

    internal static AcmeAccountRecord Create(string directoryUrl, string sealedKey, DateTime now) =>
        new(directoryUrl, sealedKey) { Id = Guid.CreateVersion7(), CreatedAt = now };

    internal void Registered(Uri accountUrl) => AccountUrl = accountUrl.AbsoluteUri;
}

/// <summary>
/// A row of <c>certificate_attempts</c>: who is ordering a domain's certificate right now (a lease with an
/// expiry, so a crashed instance's claim runs out), how many orders failed in a row (the retry delay), and
/// what the CA's renewal information (RFC 9773) last said of the certificate <see cref="RenewalInfoSerial"/>:
/// the window the renewal time was chosen in, and when to ask again. Kept here, not on the domain, because
/// it is the issuance side's bookkeeping across restarts and instances, not something an admin changes.
/// </summary>
public sealed class CertificateAttempt
{
    public const int MaxHolderLength = 100;

    private CertificateAttempt(Guid domainId) => DomainId = domainId;

    public Guid DomainId { get; private set; }

    public string? LeaseHolder { get; private set; }

    public DateTime? LeaseExpiresAt { get; private set; }

    public int Failures { get; private set; }

    /// <summary>The serial of the certificate the renewal information below is about; another serial means none yet.</summary>
    public string? RenewalInfoSerial { get; private set; }

    /// <summary>Not before this is the CA asked again (its Retry-After, clamped; RFC 9773 §4.3).</summary>
    public DateTime? RenewalInfoCheckAfter { get; private set; }

    /// <summary>Checks of <see cref="RenewalInfoSerial"/> that failed in a row (an error or a malformed answer): the wait doubles with each.</summary>
    public int RenewalInfoFailures { get; private set; }

    /// <summary>The suggested window the domain's renewal time was last chosen in: the same window again keeps that time.</summary>
    public DateTime? RenewalWindowStart { get; private set; }

    public DateTime? RenewalWindowEnd { get; private set; }

    internal static CertificateAttempt Leased(Guid domainId, string holder, DateTime until) =>
        new(domainId) { LeaseHolder = holder, LeaseExpiresAt = until };
}

/// <summary>A row of <c>certificate_orders</c>: one order sent to the CA for an account's domain, counted against the account's hourly limit.</summary>
public sealed class CertificateOrderRecord
{
    private CertificateOrderRecord()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Paylent's tenant account owning the domain's environment (not the ACME account, which is the install's).</summary>
    public Guid AccountId { get; private set; }

    public Guid DomainId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    internal static CertificateOrderRecord Create(Guid accountId, Guid domainId, DateTime now) =>
        new() { Id = Guid.CreateVersion7(), AccountId = accountId, DomainId = domainId, CreatedAt = now };
}
