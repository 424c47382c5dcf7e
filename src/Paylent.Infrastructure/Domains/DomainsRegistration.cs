using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Application.Domains;
using Paylent.Infrastructure.Common;

namespace Paylent.Infrastructure.Domains;

internal static class DomainsRegistration
{
    /// <summary>The Domains module's settings, its DNS checks and the daily re-check of proven domains.</summary>
    public static IServiceCollection AddDomains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DomainsOptions>().Bind(configuration.GetSection(DomainsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DomainsOptions>, DomainsOptionsValidation>();
        services.AddSingleton(sp =>
        {
            var domains = sp.GetRequiredService<IOptions<DomainsOptions>>().Value;
            return new DomainSettings(
                sp.GetRequiredService<IOptions<PaylentOptions>>().Value.BaseDomain, domains.Addresses, domains.MinimumCheckInterval);
        });
        services.AddSingleton<IDomainDns, DnsVerifier>();
        services.AddRecurringJob<RecheckDomains>("domain-recheck", RecheckDomains.Schedule);
        return services;
    }
}
