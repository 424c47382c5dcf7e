using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Common.DataProtection;

/// <summary>
/// ASP.NET data protection (cookies, antiforgery tokens) on one key ring shared by every instance: kept
/// in the database, each key's secret sealed with the key-encryption key.
/// </summary>
public static class DataProtectionSetup
{
    // Payloads are bound to the application name; ASP.NET's default is the content root path, which
    // differs between instances deployed to different folders.
    private const string ApplicationName = "Paylent";

    public static IServiceCollection AddPaylentDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<PaylentDbContext>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<KeyEncryption>((options, encryption) => options.XmlEncryptor = new KekXmlEncryptor(encryption));
        // First of the hosted services: ASP.NET's own loads the key ring as the host starts and, finding no
        // readable current key, creates one, before this could create the shared one or refuse to start.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DataProtectionStartup>());
        return services;
    }
}
