using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;
using Paylent.Application.Domains;

namespace Paylent.Infrastructure.Domains;

/// <summary>
/// Checks a custom domain's records with DnsClient against the configured name servers (or the
/// system's): the TXT proof at <c>_paylent-verification.{host}</c>, and the host pointing at Paylent
/// through a CNAME to the environment's host or A/AAAA records naming only Paylent's addresses.
/// Answers are not cached, so "verify now" right after publishing a record sees it (unless an upstream
/// resolver still caches the absence: its negative TTL, RFC 2308).
/// </summary>
internal sealed class DnsVerifier : IDomainDns
{
    private readonly LookupClient _lookup;
    private readonly HashSet<IPAddress> _addresses;
    private readonly TimeSpan _timeout;

    public DnsVerifier(IOptions<DomainsOptions> options)
    {
        var settings = options.Value;
        var servers = settings.NameServerEndpoints();
        var lookupOptions = servers.Count > 0 ? new LookupClientOptions([.. servers]) : new LookupClientOptions();
        lookupOptions.UseCache = false;
        lookupOptions.Timeout = settings.DnsTimeout;
        lookupOptions.Retries = 1;
        lookupOptions.ThrowDnsErrors = false;
        _lookup = new LookupClient(lookupOptions);
        _addresses = [.. settings.Addresses.Select(IPAddress.Parse)];
        _timeout = settings.DnsTimeout;
    }

    public async Task<DnsCheck> CheckAsync(DnsExpectation expectation, CancellationToken cancellationToken)
    {
        var txt = await CheckTxtAsync(expectation, cancellationToken);
        var pointer = await CheckPointerAsync(expectation, cancellationToken);
        var failed = new[] { txt, pointer }.Where(c => c.Outcome != DnsOutcome.Verified).ToList();
        if (failed.Count == 0)
        {
            return DnsCheck.Verified;
        }

        var outcome = failed.Any(c => c.Outcome == DnsOutcome.LookupFailed) ? DnsOutcome.LookupFailed : DnsOutcome.RecordsMissing;
        return new DnsCheck(outcome, string.Join(" ", failed.Select(c => c.Error)));
    }

    private async Task<DnsCheck> CheckTxtAsync(DnsExpectation expectation, CancellationToken cancellationToken)
    {
        var (response, failure) = await QueryAsync(expectation.TxtName, QueryType.TXT, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        // RFC 7208 §3.3 style: a value longer than 255 octets is split into strings that are read joined.
        var values = response!.Answers.TxtRecords().Select(r => string.Concat(r.Text).Trim()).ToList();
        if (values.Contains(expectation.TxtValue, StringComparer.Ordinal))
        {
            return DnsCheck.Verified;
        }

        return Missing(values.Count == 0
            ? $"No TXT record found at {expectation.TxtName}; create one holding {expectation.TxtValue}."
            : $"The TXT record at {expectation.TxtName} holds another value; it must hold {expectation.TxtValue}.");
    }

    private async Task<DnsCheck> CheckPointerAsync(DnsExpectation expectation, CancellationToken cancellationToken)
    {
        var (cnameResponse, cnameFailure) = await QueryAsync(expectation.Hostname, QueryType.CNAME, cancellationToken);
        if (cnameFailure is not null)
        {
            return cnameFailure;
        }

        var cname = cnameResponse!.Answers.CnameRecords().Select(r => Canonical(r.CanonicalName.Value)).FirstOrDefault();
        if (cname is not null)
        {
            return cname == expectation.CnameTarget
                ? DnsCheck.Verified
                : Missing($"{expectation.Hostname} is a CNAME to {cname}; it must be a CNAME to {expectation.CnameTarget}.");
        }

        var pointTo = $"{expectation.Hostname} must be a CNAME to {expectation.CnameTarget}"
            + (_addresses.Count > 0 ? $" or have A/AAAA records to {string.Join(", ", _addresses)} only." : ".");
        if (_addresses.Count == 0)
        {
            return Missing($"No CNAME record found: {pointTo}");
        }

        var found = new List<IPAddress>();
        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            var (response, failure) = await QueryAsync(expectation.Hostname, type, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            found.AddRange(response!.Answers.OfType<AddressRecord>().Select(r => r.Address));
        }

        if (found.Count == 0)
        {
            return Missing($"No CNAME, A or AAAA record found: {pointTo}");
        }

        // Every address must be Paylent's: a stray one would send part of the traffic (and the CA's check) elsewhere.
        var foreign = found.Where(a => !_addresses.Contains(a)).ToList();
        return foreign.Count == 0
            ? DnsCheck.Verified
            : Missing($"{expectation.Hostname} has A/AAAA records to {string.Join(", ", foreign)}, which are not Paylent's: {pointTo}");
    }

    /// <returns>The response, or the failure to tell: a timeout, a server failure, no server reachable.</returns>
    private async Task<(IDnsQueryResponse? Response, DnsCheck? Failure)> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _lookup.QueryAsync(name, type, QueryClass.IN, cancellationToken);

            // NXDOMAIN is an answer (the name has no records); other errors (SERVFAIL, REFUSED) say nothing about them.
            return response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain
                ? (null, Failed($"The DNS lookup of {type} {name} failed: {response.ErrorMessage}."))
                : (response, null);
        }
        catch (DnsResponseException error) when (error.Code == DnsResponseCode.ConnectionTimeout)
        {
            return (null, Failed($"The DNS lookup of {type} {name} timed out after {_timeout.TotalSeconds:0.#} s."));
        }
        catch (DnsResponseException error)
        {
            return (null, Failed($"The DNS lookup of {type} {name} failed: {error.DnsError}."));
        }
        catch (SocketException error)
        {
            return (null, Failed($"The DNS lookup of {type} {name} failed: {error.SocketErrorCode}."));
        }
    }

    private static string Canonical(string name) => name.TrimEnd('.').ToLowerInvariant();

    private static DnsCheck Missing(string error) => new(DnsOutcome.RecordsMissing, error);

    private static DnsCheck Failed(string error) => new(DnsOutcome.LookupFailed, error);
}
