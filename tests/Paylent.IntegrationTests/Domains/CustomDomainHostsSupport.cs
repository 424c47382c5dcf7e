using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Domains;
using Paylent.Domain.Domains;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Domains;

/// <summary>
/// Custom domains taken through their aggregate's transitions, one save each, as verification and the
/// issuance side do (the issuance job is not what these tests are about), and clients of an app on them.
/// </summary>
internal static class CustomDomainHostsSupport
{
    public static string NewHostname() => $"auth-{Guid.NewGuid():N}.example.com";

    /// <summary>A client on <c>https://{hostname}</c>, as a browser or relying party reaches a custom domain.</summary>
    public static HttpClient Https(this PaylentApp app, string hostname) => app.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri($"https://{hostname}/"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>Adds <paramref name="hostname"/> to the environment and leaves it <c>verified</c>: proven, not yet serving.</summary>
    public static async Task<Guid> AddVerifiedAsync(PaylentApp app, string hostname, string environment = "test")
    {
        var id = await app.InEnvironmentAsync(environment, async services =>
        {
            var scope = services.GetRequiredService<EnvironmentContext>();
            var domain = CustomDomain.Create(scope.RequiredEnvironmentId, Hostname.Parse(hostname), "localhost", DateTime.UtcNow);
            var db = services.GetRequiredService<PaylentDbContext>();
            db.CustomDomains.Add(domain);
            await db.SaveChangesAsync();
            return domain.Id;
        });
        await ChangeAsync(app, id, (domain, now) => domain.MarkVerified(now), environment);
        return id;
    }

    /// <summary>Adds <paramref name="hostname"/> and takes it to <c>active</c>: verified, certificate requested, certificate issued.</summary>
    public static async Task<Guid> AddActiveAsync(PaylentApp app, string hostname, string environment = "test")
    {
        var id = await AddVerifiedAsync(app, hostname, environment);
        await ActivateAsync(app, id, environment);
        return id;
    }

    /// <summary>
    /// Takes a verified domain to <c>active</c>, or a disabled one back to it: verified again, a disabled domain
    /// whose certificate is still valid is active at once on it, and only one without is issued another.
    /// </summary>
    public static async Task ActivateAsync(PaylentApp app, Guid id, string environment = "test")
    {
        await ChangeAsync(app, id, (domain, now) => domain.MarkVerified(now), environment);
        if (await StateAsync(app, id, environment) == DomainState.Active)
        {
            return;
        }

        await ChangeAsync(app, id, (domain, now) => domain.RequestCertificate(now), environment);
        await ChangeAsync(app, id, (domain, now) => domain.CertificateIssued("CN=Test CA", "0a1b2c", now.AddMinutes(-5), now.AddDays(90), now.AddDays(60), now), environment);
    }

    private static Task<DomainState> StateAsync(PaylentApp app, Guid id, string environment) =>
        app.InEnvironmentAsync(environment, async services =>
            (await services.GetRequiredService<PaylentDbContext>().CustomDomains.FindAsync(id) ?? throw new InvalidOperationException($"No domain {id}.")).State);

    public static Task ChangeAsync(PaylentApp app, Guid id, Action<CustomDomain, DateTime> change, string environment = "test") =>
        app.InEnvironmentAsync(environment, async services =>
        {
            var db = services.GetRequiredService<PaylentDbContext>();
            var domain = await db.CustomDomains.FindAsync(id) ?? throw new InvalidOperationException($"No domain {id}.");
            change(domain, DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

    /// <summary>Deletes the domain through the module's use case (which raises <c>DomainDeleted</c>).</summary>
    public static Task DeleteAsync(PaylentApp app, Guid id, string environment = "test") =>
        app.InEnvironmentAsync(environment, services => services.GetRequiredService<IDispatcher>().Send(new DeleteDomain(id)));

    /// <summary>Polls <paramref name="path"/> on <paramref name="hostname"/> until it answers <paramref name="status"/>; how long that took.</summary>
    public static async Task<TimeSpan> UntilAsync(PaylentApp app, string hostname, System.Net.HttpStatusCode status, TimeSpan deadline, string path = "/.well-known/openid-configuration")
    {
        using var http = app.Https(hostname);
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            using var response = await http.GetAsync(path);
            if (response.StatusCode == status)
            {
                return TimeProvider.System.GetElapsedTime(started);
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < deadline, $"{hostname}{path} still answers {(int)response.StatusCode}, not {(int)status}");
            await Task.Delay(20);
        }
    }
}
