using System.Net;
using Paylent.Web.Hosting;

namespace Paylent.IntegrationTests.Hosting;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("fe80::1%2", "fe80::/64")]
    [InlineData("::1", "::/64")]
    public void Per_address_limits_key_ipv4_as_is_ipv4_mapped_as_ipv4_and_ipv6_by_its_64(string address, string key) =>
        Assert.Equal(key, ClientAddress.Key(IPAddress.Parse(address)));

    [Fact]
    public void A_request_without_a_peer_address_shares_one_key() => Assert.Equal("unknown", ClientAddress.Key(null));
}
