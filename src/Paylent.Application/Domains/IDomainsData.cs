using Microsoft.EntityFrameworkCore;
using Paylent.Domain.Domains;

namespace Paylent.Application.Domains;

/// <summary>The Domains module's tables, and nothing else: its handlers' data port.</summary>
public interface IDomainsData
{
    DbSet<CustomDomain> CustomDomains { get; }
}

/// <summary>
/// Looks at public DNS for a domain's proof of ownership (Infrastructure: DnsClient against
/// <c>Paylent:Domains:NameServers</c>). Never throws for what DNS answers or fails to answer: a
/// timeout is an outcome like any other.
/// </summary>
public interface IDomainDns
{
    Task<DnsCheck> CheckAsync(DnsExpectation expectation, CancellationToken cancellationToken);
}

/// <summary>What DNS must show: <paramref name="TxtValue"/> in a TXT record at <paramref name="TxtName"/>, and <paramref name="Hostname"/> pointing at Paylent (a CNAME to <paramref name="CnameTarget"/>, or the configured addresses).</summary>
public sealed record DnsExpectation(string Hostname, string TxtName, string TxtValue, string CnameTarget);

/// <summary>The result of a look: <see cref="Error"/> says in a sentence what is missing or what failed.</summary>
public sealed record DnsCheck(DnsOutcome Outcome, string? Error)
{
    public static readonly DnsCheck Verified = new(DnsOutcome.Verified, null);
}

public enum DnsOutcome
{
    /// <summary>Both records are there and right.</summary>
    Verified,

    /// <summary>DNS answered, and a record is missing or holds something else.</summary>
    RecordsMissing,

    /// <summary>DNS did not answer usefully (a timeout, SERVFAIL, no server reachable): nothing is known about the records.</summary>
    LookupFailed,
}

/// <summary>The install's settings the Domains use cases read (Infrastructure binds them from <c>Paylent</c> and <c>Paylent:Domains</c>).</summary>
/// <param name="BaseDomain">Paylent's own domain: environments are served at <c>{account}-{environment}.{BaseDomain}</c>.</param>
/// <param name="Addresses">The IP addresses a domain's A/AAAA records may point at instead of a CNAME; empty: a CNAME only.</param>
/// <param name="MinimumCheckInterval">How soon "verify now" may look at DNS again for the same domain.</param>
public sealed record DomainSettings(string BaseDomain, IReadOnlyList<string> Addresses, TimeSpan MinimumCheckInterval);
