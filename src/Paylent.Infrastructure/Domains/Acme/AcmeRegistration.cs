using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Common.Security;

namespace Paylent.Infrastructure.Domains.Acme;

public static class AcmeRegistration
{
    // Generous for a CA's answers; a certificate chain is a few kilobytes.
    private const int MaxResponseBytes = 1024 * 1024;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <see cref="AcmeClient"/> over the named HttpClient <see cref="AcmeClient.HttpClientName"/>, with
    /// <c>Paylent:Acme</c> checked at start and its trusted certificates added for the CA's HTTPS.
    /// </summary>
    public static IServiceCollection AddAcmeClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AcmeOptions>().Bind(configuration.GetSection(AcmeOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AcmeOptions>, AcmeOptionsValidation>();
        services.AddHttpClient(AcmeClient.HttpClientName, http =>
            {
                http.Timeout = RequestTimeout;
                http.MaxResponseContentBufferSize = MaxResponseBytes;

                // RFC 8555 §6.1: every request names the client.
                var version = typeof(AcmeClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
                http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Paylent-ACME", version));
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
                var trusted = provider.GetRequiredService<IOptions<AcmeOptions>>().Value.TrustedCertificates();
                if (trusted.Count > 0)
                {
                    handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                        ConfiguredRootTrust.Validate(trusted, certificate, chain, errors);
                }

                return handler;
            });
        services.AddSingleton<AcmeClient>();
        return services;
    }
}
