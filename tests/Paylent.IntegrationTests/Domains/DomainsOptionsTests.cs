using System.Net;
using Paylent.Infrastructure.Domains;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains;

/// <summary><c>Paylent:Domains</c>: name servers as IP addresses with an optional port, addresses in canonical form, and a start refused otherwise.</summary>
public sealed class DomainsOptionsTests
{
    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53:53")]
    [InlineData("192.0.2.53:5353", "192.0.2.53:5353")]
    [InlineData("2001:db8::53", "[2001:db8::53]:53")]
    [InlineData("[2001:db8::53]:5353", "[2001:db8::53]:5353")]
    public void A_name_server_is_an_ip_address_with_port_53_unless_given(string configured, string endpoint)
    {
        var options = new DomainsOptions { NameServers = [configured] };

        Assert.Null(options.Problem());
        Assert.Equal(IPEndPoint.Parse(endpoint), Assert.Single(options.NameServerEndpoints()));
    }

    [Theory]
    [InlineData("dns.example.com")]
    [InlineData("dns.example.com:53")]
    [InlineData("192.0.2.53:99999")]
    [InlineData("")]
    public void A_name_server_that_is_not_an_ip_address_is_refused(string configured) =>
        Assert.Contains("Paylent:Domains:NameServers", new DomainsOptions { NameServers = [configured] }.Problem(), StringComparison.Ordinal);

    [Theory]
    [InlineData("192.0.2.010")]
    [InlineData("2001:DB8::10")]
    [InlineData("host.example.com")]
    public void An_address_not_in_canonical_form_is_refused(string address) =>
        Assert.Contains("Paylent:Domains:Addresses", new DomainsOptions { Addresses = [address] }.Problem(), StringComparison.Ordinal);

    [Fact]
    public void Non_positive_intervals_are_refused()
    {
        Assert.NotNull(new DomainsOptions { DnsTimeout = TimeSpan.Zero }.Problem());
        Assert.NotNull(new DomainsOptions { RecheckInterval = TimeSpan.Zero }.Problem());
        Assert.NotNull(new DomainsOptions { MinimumCheckInterval = TimeSpan.FromSeconds(-1) }.Problem());
        Assert.Null(new DomainsOptions { MinimumCheckInterval = TimeSpan.Zero }.Problem());
    }

    [Fact]
    public async Task A_bad_setting_stops_the_start_naming_the_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PaylentApp.StartAsync(
            DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Paylent:Domains:NameServers:0"] = "dns.example.com" }));

        Assert.Contains("Paylent:Domains:NameServers", error.ToString(), StringComparison.Ordinal);
    }
}
