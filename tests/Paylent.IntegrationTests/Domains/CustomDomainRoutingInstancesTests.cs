using System.Net;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Domains.Tls;
using Paylent.Testing;
using Xunit.Abstractions;
using static Paylent.IntegrationTests.Domains.CustomDomainHostsSupport;

namespace Paylent.IntegrationTests.Domains;

/// <summary>Two instances on one PostgreSQL: what one does to a domain, the other routes within seconds (the change signal), not after a cache's lifetime.</summary>
public sealed class CustomDomainRoutingInstancesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_domain_activated_disabled_or_deleted_on_one_instance_is_routed_so_on_another_within_seconds()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var writer = PaylentApp.Start(database);
        await using var reader = PaylentApp.Start(database);
        await TlsProbe.UntilListeningAsync(database, 2);
        var hostname = NewHostname();
        var id = await AddVerifiedAsync(writer, hostname);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.Https(hostname).GetAsync("/.well-known/openid-configuration")).StatusCode);

        // Each reload of the whole map is 300 s away: only the notice can make these in time.
        await ActivateAsync(writer, id);
        var activated = await UntilAsync(reader, hostname, HttpStatusCode.OK, TimeSpan.FromSeconds(5));
        await ChangeAsync(writer, id, (domain, now) => domain.Disable("The TXT record is gone.", now));
        var disabled = await UntilAsync(reader, hostname, HttpStatusCode.NotFound, TimeSpan.FromSeconds(5));
        await ActivateAsync(writer, id);
        await UntilAsync(reader, hostname, HttpStatusCode.OK, TimeSpan.FromSeconds(5));
        await DeleteAsync(writer, id);
        var deleted = await UntilAsync(reader, hostname, HttpStatusCode.NotFound, TimeSpan.FromSeconds(5));

        output.WriteLine($"routed on the other instance after: activated {activated.TotalMilliseconds:F0} ms, disabled {disabled.TotalMilliseconds:F0} ms, deleted {deleted.TotalMilliseconds:F0} ms");
    }
}
