using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Support;

/// <summary>
/// An ingress in front of the in-memory host, as a TLS-terminating reverse proxy is: the browser speaks
/// https to it, it speaks plain http to Paylent from its own address (<paramref name="proxyAddress"/>, the
/// connection's peer Paylent sees), passing the Host header through and adding
/// <c>X-Forwarded-For: {client}</c> and <c>X-Forwarded-Proto: https</c>, as ingress-nginx does.
/// </summary>
public sealed class TlsTerminatingProxy(PaylentApp app, string proxyAddress)
{
    private readonly WebApplicationFactory<Program> _behind = app.WithWebHostBuilder(host =>
        host.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new ConnectionFrom(IPAddress.Parse(proxyAddress)))));

    /// <summary>A browser at <paramref name="clientAddress"/> on <c>https://{host}/</c>, keeping its cookies (Secure ones included).</summary>
    public HttpClient Browser(string clientAddress, string host = "demo-test.localhost") =>
        _behind.CreateDefaultClient(new Uri($"https://{host}/"), new CookieContainerHandler(), new Terminate(clientAddress));

    private sealed class Terminate(string clientAddress) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var browserUri = request.RequestUri!;
            request.RequestUri = new UriBuilder(browserUri) { Scheme = Uri.UriSchemeHttp, Port = 80 }.Uri;
            request.Headers.Add("X-Forwarded-For", clientAddress);
            request.Headers.Add("X-Forwarded-Proto", "https");
            var response = await base.SendAsync(request, cancellationToken);

            // The browser keeps the cookies of the https address it asked for.
            request.RequestUri = browserUri;
            return response;
        }
    }

    /// <summary>Gives every request the peer address a real connection from the proxy would have (the in-memory server has none).</summary>
    private sealed class ConnectionFrom(IPAddress peer) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = peer;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
