using System.Net;
using Microsoft.Extensions.Options;

namespace Paylent.Infrastructure.Domains;

/// <summary>The <c>Paylent:Domains</c> section: how custom domains' DNS is checked (docs/configuration.md).</summary>
public sealed class DomainsOptions
{
    public const string Section = "Paylent:Domains";

    /// <summary>Name servers asked, as <c>ip:port</c> (<c>[v6]:port</c>; the port defaults to 53); empty: the system's resolvers.</summary>
    public List<string> NameServers { get; set; } = [];

    /// <summary>
    /// Paylent's public IP addresses: a domain may point at them with A/AAAA records (needed at a zone
    /// apex, which cannot hold a CNAME). Empty: only a CNAME to the environment's host verifies.
    /// </summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>How long one DNS query may take before the check fails as a lookup failure.</summary>
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How soon "verify now" may look at the same domain's DNS again.</summary>
    public TimeSpan MinimumCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a proven domain goes between re-checks of its records by the recurring job.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromDays(1);

    public IReadOnlyList<IPEndPoint> NameServerEndpoints() => [.. NameServers.Select(s => ParseEndpoint(s)!)];

    /// <summary>Why these settings cannot work, or null.</summary>
    public string? Problem()
    {
        if (NameServers.FirstOrDefault(s => ParseEndpoint(s) is null) is { } badServer)
        {
            return $"{Section}:NameServers holds '{badServer}', which is not an IP address with an optional port (192.0.2.53:53, [2001:db8::53]:53).";
        }

        if (Addresses.FirstOrDefault(a => !IPAddress.TryParse(a, out var parsed) || parsed.ToString() != a) is { } badAddress)
        {
            return $"{Section}:Addresses holds '{badAddress}', which is not an IP address in its canonical form (192.0.2.10, 2001:db8::10).";
        }

        if (DnsTimeout <= TimeSpan.Zero || MinimumCheckInterval < TimeSpan.Zero || RecheckInterval <= TimeSpan.Zero)
        {
            return $"{Section}:DnsTimeout and RecheckInterval must be positive, MinimumCheckInterval not negative.";
        }

        return null;
    }

    // 192.0.2.53, 192.0.2.53:5353, 2001:db8::53, [2001:db8::53]:5353; no port means DNS's own, 53.
    private static IPEndPoint? ParseEndpoint(string value) =>
        IPEndPoint.TryParse(value, out var endpoint) ? endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint : null;
}

/// <summary>Stops the start on settings that cannot work, with the reason.</summary>
internal sealed class DomainsOptionsValidation : IValidateOptions<DomainsOptions>
{
    public ValidateOptionsResult Validate(string? name, DomainsOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
