using System.Net;
using System.Net.Sockets;

namespace Paylent.Web.Hosting;

/// <summary>
/// The key per-address limits count a client under. The address is the connection's peer, or the
/// client a trusted proxy names (<see cref="TrustedProxies"/>).
/// </summary>
public static class ClientAddress
{
    private const int Ipv6PrefixBytes = 8;

    /// <summary>
    /// An IPv4 address as is (an IPv4-mapped IPv6 address as the IPv4 address it maps, so a
    /// dual-stack listener counts one client once); an IPv6 address by its /64, the smallest
    /// block a site is assigned (RFC 6177), within which one client can pick a new address at will.
    /// </summary>
    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, Ipv6PrefixBytes, bytes.Length - Ipv6PrefixBytes);
        return $"{new IPAddress(bytes)}/64";
    }
}
