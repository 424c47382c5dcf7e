using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Application.Domains;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Domains.Certificates;
using Paylent.Infrastructure.Persistence;

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
        services.AddCertificateIssuance(configuration);
        return services;
    }

    /// <summary>
    /// The jobs that drive the ACME client for verified and active domains (docs/domains.md, "Issuance and
    /// renewal"), on unless <c>Paylent:Acme:Enabled</c> says otherwise and, when unset, only with the HTTP
    /// listener that answers HTTP-01 (<c>Paylent:Http:Url</c>).
    /// </summary>
    private static void AddCertificateIssuance(this IServiceCollection services, IConfiguration configuration)
    {
        services.PostConfigure<AcmeOptions>(acme => acme.Enabled ??= !string.IsNullOrEmpty(configuration["Paylent:Http:Url"]));
        services.AddSingleton<AcmeAccounts>();
        services.AddSingleton<CertificateLeases>();
        services.AddSingleton<CertificateOrderLimit>();
        services.AddSingleton<CertificateOrdering>();
        services.AddSingleton<CertificateRenewalInfo>();
        services.AddScoped<OrderDomainCertificate>();
        services.AddScoped<RemoveDomainCertificate>();
        services.AddSingleton<ISaveObserver, CertificateTriggers>();
        services.AddRecurringJob<IssueCertificates>("certificate-issuance", IssueCertificates.Schedule);
        services.AddRecurringJob<RenewCertificates>("certificate-renewal", RenewCertificates.Schedule);
    }
}
