using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Dashboard;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

/// <summary>
/// The sign-in cookies are read where the pipeline puts authentication, and not at all for the protocol's
/// endpoints, as ASP.NET Core's own authentication metrics count it.
/// </summary>
public sealed class SessionAuthenticationTests
{
    [Fact]
    public async Task A_token_request_reads_no_cookie_and_a_dashboard_page_reads_its_cookie_after_the_pipeline_before_it()
    {
        await using var app = await PaylentApp.StartAsync(DatabaseProvider.Sqlite);
        var dashboard = await DashboardClient.SignedInAsync(app);
        var environment = app.Client("demo-test.localhost");
        using var authentications = new Authentications(app.Services.GetRequiredService<IMeterFactory>());

        var token = await environment.ClientCredentialsAsync(OAuthClient.ManagementClientId, PaylentApp.ManagementSecret);
        var afterToken = authentications.Schemes();
        var overview = await dashboard.Http.GetAsync("/environments/test");

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Empty(afterToken);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        // The middleware, then the dashboard's authorization policy, which names its scheme (the cookie
        // handler answers it from the request's first result). A third would be WebApplication's own
        // middleware ahead of the forwarded headers (dotnet/aspnetcore#48098).
        Assert.Equal(["Dashboard", "Dashboard"], authentications.Schemes());
    }

    /// <summary>Each authentication of this app's requests, by scheme (<c>aspnetcore.authentication.authenticate.duration</c>).</summary>
    private sealed class Authentications : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<string> _schemes = [];

        public Authentications(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "aspnetcore.authentication.authenticate.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "aspnetcore.authentication.scheme")
                    {
                        lock (_schemes)
                        {
                            _schemes.Add((string)tag.Value!);
                        }
                    }
                }
            });
            _listener.Start();
        }

        public string[] Schemes()
        {
            lock (_schemes)
            {
                return [.. _schemes];
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
