using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common;
using Paylent.Application.Tenancy.Contracts;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>A custom domain as the API and dashboard show it, with the DNS records its admin publishes.</summary>
public sealed record DomainDto(
    Guid Id,
    string Hostname,
    string HostnameUnicode,
    string State,
    string? CertificateStatus,
    string VerificationValue,
    IReadOnlyList<DnsRecord> DnsRecords,
    string? LastError,
    DateTime? LastCheckedAt,
    DateTime? VerifiedAt,
    string? CertificateIssuer,
    string? CertificateSerial,
    DateTime? CertificateNotBefore,
    DateTime? CertificateNotAfter,
    DateTime? RenewAfter,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>A record to create in the domain's zone: <c>TXT _paylent-verification.auth.example.com "paylent-verification=..."</c>.</summary>
public sealed record DnsRecord(string Type, string Name, string Value);

internal static class DomainViews
{
    public static async Task<CustomDomain> FindDomainAsync(this IDomainsData db, Guid id, CancellationToken cancellationToken) =>
        await db.CustomDomains.SingleOrDefaultAsync(d => d.Id == id, cancellationToken) ?? throw new NotFoundException("domain");

    /// <summary>Where the host must point: the environment's own host under the base domain.</summary>
    public static async Task<string> CnameTargetAsync(this IEnvironmentHosts hosts, Guid environmentId, DomainSettings settings, CancellationToken cancellationToken)
    {
        var label = await hosts.HostLabelAsync(environmentId, cancellationToken)
            ?? throw new InvalidOperationException($"Environment {environmentId} has no host.");
        return $"{label}.{settings.BaseDomain.TrimEnd('.').ToLowerInvariant()}";
    }

    public static DomainDto ToDto(this CustomDomain domain, string cnameTarget, DomainSettings settings)
    {
        List<DnsRecord> records =
        [
            new("TXT", domain.VerificationRecordName, domain.VerificationValue),
            new("CNAME", domain.Hostname, cnameTarget),
        ];

        // A zone apex cannot hold a CNAME (RFC 1034 §3.6.2): A/AAAA records to Paylent's addresses are the alternative.
        records.AddRange(settings.Addresses.Select(a => new DnsRecord(a.Contains(':', StringComparison.Ordinal) ? "AAAA" : "A", domain.Hostname, a)));
        return new DomainDto(
            domain.Id, domain.Hostname, domain.HostnameUnicode, DomainStates.Name(domain.State),
            domain.CertificateStatus is { } status ? DomainStates.Name(status) : null,
            domain.VerificationValue, records, domain.LastError, domain.LastCheckedAt, domain.VerifiedAt,
            domain.CertificateIssuer, domain.CertificateSerial, domain.CertificateNotBefore, domain.CertificateNotAfter, domain.RenewAfter,
            domain.CreatedAt, domain.UpdatedAt);
    }
}
