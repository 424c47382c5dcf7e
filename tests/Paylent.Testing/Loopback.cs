using System.Net;
using System.Net.Sockets;

namespace Paylent.Testing;

/// <summary>
/// HTTP to a Paylent listening on loopback under its real host names. <c>*.localhost</c> is loopback
/// by RFC 6761 §6.3 and browsers resolve it so, but glibc's resolver does not know
/// <c>demo-test.localhost</c>: these connections go to 127.0.0.1 on the URL's port while the URL,
/// and so the <c>Host</c> header and the issuer the server sees, stay as written.
/// </summary>
public static class Loopback
{
    /// <summary>A handler for a client library (JwtBearer's backchannel): no proxy, no cookies, no redirects.</summary>
    public static SocketsHttpHandler Handler() => new()
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static HttpClient Client(Uri baseAddress) => new(Handler()) { BaseAddress = baseAddress };

    /// <summary>A TCP port free on loopback right now, for a process the test starts (the sample client app).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
