using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Domains.Acme;

namespace Paylent.IntegrationTests.Domains.Acme;

/// <summary>An <see cref="AcmeClient"/> as the host registers it, over the given settings and, for a fake CA, a handler.</summary>
internal static class AcmeClients
{
    public static AcmeClient Create(IDictionary<string, string?> settings, HttpMessageHandler? handler = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddAcmeClient(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(s => s.Value is not null).ToDictionary(s => $"{AcmeOptions.Section}:{s.Key}", s => s.Value))
            .Build());
        if (handler is not null)
        {
            services.AddHttpClient(AcmeClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<AcmeOptions>>().Value; // what ValidateOnStart checks
        return provider.GetRequiredService<AcmeClient>();
    }

    public static AcmeClient For(Pebble pebble, string? email = null) => Create(new Dictionary<string, string?>
    {
        ["DirectoryUrl"] = pebble.Directory.AbsoluteUri,
        ["TrustedCertificatesFile"] = pebble.RootsFile,
        ["Email"] = email,
    });
}
