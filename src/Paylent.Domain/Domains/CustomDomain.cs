using System.Security.Cryptography;
using Paylent.Domain.Common;

namespace Paylent.Domain.Domains;

/// <summary>
/// A host name of the customer's own (<c>auth.example.com</c>) that serves one environment once its
/// ownership is proved through DNS and a certificate is issued for it. <see cref="State"/> is where it
/// is on that road (docs/domains.md, "States"); <see cref="CertificateStatus"/> is what an admin sees of
/// its certificate, with Auth0's words, and stays meaningful while an active domain's renewal fails.
/// Named so it never collides with the <c>Paylent.Domain</c> namespace.
/// </summary>
[Audited("domain")]
public sealed class CustomDomain : AggregateRoot, IEnvironmentScoped
{
    /// <summary>The DNS label the verification TXT record sits under: <c>_paylent-verification.{host}</c>.</summary>
    public const string VerificationLabel = "_paylent-verification";

    public const int MaxErrorLength = 1000;

    /// <summary>States in which ownership was proved, so the daily re-check looks at them.</summary>
    public static readonly IReadOnlyList<DomainState> Proven =
        [DomainState.Verified, DomainState.CertificatePending, DomainState.Active, DomainState.CertificateFailed];

    private CustomDomain(Guid environmentId, string hostname, string hostnameUnicode, string verificationValue, DateTime createdAt)
    {
        EnvironmentId = environmentId;
        Hostname = hostname;
        HostnameUnicode = hostnameUnicode;
        VerificationValue = verificationValue;
        State = DomainState.PendingVerification;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid EnvironmentId { get; private set; }

    /// <summary>The canonical ASCII form, unique across the install.</summary>
    public string Hostname { get; private set; }

    [NotAudited]
    public string HostnameUnicode { get; private set; }

    /// <summary>
    /// What the TXT record must hold: 128 random bits, base64url. Not a secret (it is published in DNS
    /// for anyone to read); it only proves that whoever controls the zone asked for this domain here.
    /// </summary>
    public string VerificationValue { get; private set; }

    public DomainState State { get; private set; }

    public CertificateStatus? CertificateStatus { get; private set; }

    /// <summary>Why the last check or certificate attempt failed, in a sentence (a CA's RFC 7807 problem detail goes here).</summary>
    public string? LastError { get; private set; }

    /// <summary>When DNS was last looked at; changes daily, so it is not worth an audit line of its own.</summary>
    [NotAudited]
    public DateTime? LastCheckedAt { get; private set; }

    public DateTime? VerifiedAt { get; private set; }

    public string? CertificateIssuer { get; private set; }

    public string? CertificateSerial { get; private set; }

    public DateTime? CertificateNotBefore { get; private set; }

    public DateTime? CertificateNotAfter { get; private set; }

    /// <summary>When the next renewal attempt is due (two thirds of the lifetime, or a retry after a failure).</summary>
    public DateTime? RenewAfter { get; private set; }

    public DateTime CreatedAt { get; private set; }

    [NotAudited]
    public DateTime UpdatedAt { get; private set; }

    /// <param name="baseDomain">Paylent's own base domain: neither it nor a name under it can be claimed.</param>
    public static CustomDomain Create(Guid environmentId, Hostname hostname, string baseDomain, DateTime now)
    {
        if (hostname.IsAtOrUnder(baseDomain))
        {
            throw new DomainException(
                "invalid_hostname", $"{hostname.Ascii} is Paylent's own domain ({baseDomain.TrimEnd('.')}) or under it; environments already have a host there.", "hostname");
        }

        var value = Base64Url(RandomNumberGenerator.GetBytes(16));
        return new CustomDomain(environmentId, hostname.Ascii, hostname.Unicode, $"paylent-verification={value}", now);
    }

    /// <summary>The records the admin publishes: the TXT proof, and the name pointing at the environment's host.</summary>
    public string VerificationRecordName => $"{VerificationLabel}.{Hostname}";

    /// <summary>
    /// DNS shows the TXT value and the host pointing at Paylent. A domain that waited or had failed is
    /// verified; one that was disabled because its records went away is verified again (the records
    /// are back), and active at once when the certificate it kept is still valid: disabling never removes
    /// it, so it serves again without a new order spending the CA's limits. One already past verification
    /// only notes the check.
    /// </summary>
    public void MarkVerified(DateTime now)
    {
        LastCheckedAt = now;
        if (State is DomainState.PendingVerification or DomainState.VerificationFailed or DomainState.Disabled)
        {
            State = State == DomainState.Disabled && CertificateSerial is not null && CertificateNotAfter > now
                ? DomainState.Active
                : DomainState.Verified;
            VerifiedAt = now;
            LastError = null;
            Touch(now, "domain.verified");
        }
    }

    /// <summary>A check of a domain not yet verified found the records missing or wrong, or could not look (a timeout).</summary>
    public void FailVerification(string error, DateTime now)
    {
        Require("fail verification", DomainState.PendingVerification, DomainState.VerificationFailed);
        LastCheckedAt = now;
        LastError = Bounded(error);
        State = DomainState.VerificationFailed;
        Touch(now, "domain.verification_failed");
    }

    /// <summary>
    /// A proven domain's records are gone: it stops serving (never deleted, so the admin sees why and
    /// can restore the records and verify again).
    /// </summary>
    public void Disable(string reason, DateTime now)
    {
        Require("disable", [.. Proven]);
        LastCheckedAt = now;
        LastError = Bounded(reason);
        State = DomainState.Disabled;
        Touch(now, "domain.disabled");
    }

    /// <summary>
    /// A check of a proven domain could not look (DNS timed out or failed): that says nothing about the
    /// records, so the domain keeps serving and the next check decides. A disabled domain whose records
    /// are still missing stays disabled, with the newest reason.
    /// </summary>
    public void RecordCheckFailure(string error, DateTime now)
    {
        Require("record a check failure", [.. Proven, DomainState.Disabled]);
        LastCheckedAt = now;
        LastError = Bounded(error);
        UpdatedAt = now;
    }

    /// <summary>The issuance side starts ordering a certificate for a verified domain (or retries a failed one).</summary>
    public void RequestCertificate(DateTime now)
    {
        Require("request a certificate", DomainState.Verified, DomainState.CertificateFailed);
        State = DomainState.CertificatePending;
        CertificateStatus = Domains.CertificateStatus.Provisioning;
        LastError = null;
        Touch(now, "domain.certificate_requested");
    }

    /// <summary>
    /// A certificate was issued: the first one activates the domain, a renewal replaces the one in use. A
    /// domain disabled while its order ran keeps the certificate (it is stored and served by SNI already)
    /// and stays disabled: verifying it again brings it back on this certificate, not the one before.
    /// </summary>
    public void CertificateIssued(string issuer, string serial, DateTime notBefore, DateTime notAfter, DateTime renewAfter, DateTime now)
    {
        Require("install a certificate", DomainState.CertificatePending, DomainState.Active, DomainState.Disabled);
        if (string.IsNullOrWhiteSpace(issuer) || string.IsNullOrWhiteSpace(serial))
        {
            throw new DomainException("invalid_certificate", "A certificate names its issuer and serial number.");
        }

        if (notAfter <= notBefore || renewAfter < notBefore || renewAfter >= notAfter)
        {
            throw new DomainException("invalid_certificate", "A certificate's validity ends after it begins, and its renewal falls within it.");
        }

        State = State == DomainState.Disabled ? DomainState.Disabled : DomainState.Active;
        CertificateStatus = Domains.CertificateStatus.Provisioned;
        CertificateIssuer = Bounded(issuer);
        CertificateSerial = Bounded(serial);
        CertificateNotBefore = notBefore;
        CertificateNotAfter = notAfter;
        RenewAfter = renewAfter;
        LastError = null;
        Touch(now, "domain.certificate_issued");
    }

    /// <summary>
    /// The first certificate could not be obtained; <paramref name="error"/> is the CA's problem, in a
    /// sentence, and <paramref name="retryAt"/> (kept as <see cref="RenewAfter"/>) when it is tried again.
    /// </summary>
    public void CertificateFailed(string error, DateTime retryAt, DateTime now)
    {
        Require("fail a certificate", DomainState.CertificatePending);
        RequireLater(retryAt, now);
        State = DomainState.CertificateFailed;
        CertificateStatus = Domains.CertificateStatus.ProvisioningFailed;
        RenewAfter = retryAt;
        LastError = Bounded(error);
        Touch(now, "domain.certificate_failed");
    }

    /// <summary>
    /// The first certificate could not be ordered for a reason on the CA's side that says nothing about the
    /// domain (the CA unreachable, an order limit): it stays <c>certificate_pending</c>, the reason is
    /// visible, and the next attempt waits until <paramref name="retryAt"/>.
    /// </summary>
    public void CertificateDelayed(string error, DateTime retryAt, DateTime now)
    {
        Require("delay a certificate", DomainState.CertificatePending);
        RequireLater(retryAt, now);
        RenewAfter = retryAt;
        LastError = Bounded(error);
        Touch(now, "domain.certificate_delayed");
    }

    /// <summary>
    /// "Renew now": an active domain's certificate (or a failed first one) is ordered again at the next
    /// run of the issuance side, whatever its schedule said; the working certificate serves until then.
    /// </summary>
    public void RequestRenewal(DateTime now)
    {
        Require("renew the certificate", DomainState.Active, DomainState.CertificateFailed);
        RenewAfter = now;
        Touch(now, "domain.renewal_requested");
    }

    /// <summary>
    /// The CA suggested when to renew the certificate with <paramref name="serial"/> (ACME Renewal Information):
    /// <see cref="RenewAfter"/> becomes <paramref name="renewAfter"/>. Nothing changes (false) when that is no
    /// longer the certificate in use, a renewal is already due (a "renew now", a window already acted on) or
    /// failing (its retry time stands), or the time is the same; a time at or after the certificate's end is refused.
    /// </summary>
    public bool ScheduleRenewal(string serial, DateTime renewAfter, DateTime now)
    {
        if (State != DomainState.Active || CertificateStatus != Domains.CertificateStatus.Provisioned || CertificateSerial != serial
            || RenewAfter is not { } current || current <= now || current == renewAfter)
        {
            return false;
        }

        if (renewAfter >= CertificateNotAfter)
        {
            throw new DomainException("invalid_certificate", "A certificate is renewed before it expires.");
        }

        RenewAfter = renewAfter;
        Touch(now, "domain.renewal_scheduled");
        return true;
    }

    /// <summary>
    /// A renewal failed: the working certificate stays in use (the domain stays active), the failure is
    /// visible, and the next attempt waits until <paramref name="retryAt"/>.
    /// </summary>
    public void RenewalFailed(string error, DateTime retryAt, DateTime now)
    {
        Require("fail a renewal", DomainState.Active);
        RequireLater(retryAt, now);
        CertificateStatus = Domains.CertificateStatus.RenewingFailed;
        RenewAfter = retryAt;
        LastError = Bounded(error);
        Touch(now, "domain.renewal_failed");
    }

    private void Require(string change, params DomainState[] allowed)
    {
        if (!allowed.Contains(State))
        {
            throw new DomainException(
                "invalid_domain_state", $"Cannot {change} for a domain in state {DomainStates.Name(State)}.", "state");
        }
    }

    private static void RequireLater(DateTime retryAt, DateTime now)
    {
        if (retryAt <= now)
        {
            throw new DomainException("invalid_retry", "A failed certificate order is retried later, not now.");
        }
    }

    private void Touch(DateTime now, string action)
    {
        UpdatedAt = now;
        Raise(new CustomDomainEvent(action));
    }

    private static string Bounded(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length <= MaxErrorLength ? trimmed : BoundedText.Truncate(trimmed, MaxErrorLength - 1) + "…";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Where a custom domain is on its way to serving (docs/domains.md, "States").</summary>
public enum DomainState
{
    PendingVerification,
    Verified,
    CertificatePending,
    Active,
    VerificationFailed,
    CertificateFailed,
    Disabled,
}

/// <summary>What an admin sees of a domain's certificate (Auth0's words); null until one is first requested.</summary>
public enum CertificateStatus
{
    Provisioning,
    Provisioned,
    ProvisioningFailed,
    RenewingFailed,
}

/// <summary>The API's and the database's spelling of a state: <c>pending_verification</c>.</summary>
public static class DomainStates
{
    public static string Name(DomainState state) => state switch
    {
        DomainState.PendingVerification => "pending_verification",
        DomainState.Verified => "verified",
        DomainState.CertificatePending => "certificate_pending",
        DomainState.Active => "active",
        DomainState.VerificationFailed => "verification_failed",
        DomainState.CertificateFailed => "certificate_failed",
        DomainState.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string Name(CertificateStatus status) => status switch
    {
        CertificateStatus.Provisioning => "provisioning",
        CertificateStatus.Provisioned => "provisioned",
        CertificateStatus.ProvisioningFailed => "provisioning_failed",
        CertificateStatus.RenewingFailed => "renewing_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static DomainState? Parse(string name) =>
        Enum.GetValues<DomainState>().Cast<DomainState?>().FirstOrDefault(s => Name(s!.Value) == name);
}

/// <summary>A change to a domain that names its own audit action (<c>domain.verified</c>).</summary>
public sealed record CustomDomainEvent(string Action) : IDomainEvent;
