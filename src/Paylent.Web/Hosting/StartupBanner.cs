using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Paylent.Infrastructure.Common;
using Paylent.Infrastructure.Tenancy;

namespace Paylent.Web.Hosting;

/// <summary>
/// Tells a newcomer how to sign in. Generated secrets are shown this once, on the console
/// only (never through the logging pipeline, which may ship to a log store).
/// </summary>
public static class StartupBanner
{
    public static void Print(WebApplication app, BootstrapResult? bootstrap)
    {
        var baseDomain = app.Services.GetRequiredService<IOptions<PaylentOptions>>().Value.BaseDomain;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var listener = address is not null && Uri.TryCreate(address.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri
            : null;
        var origins = app.Services.GetRequiredService<PublicOrigin>();

        var output = Console.Out;
        output.WriteLine();
        output.WriteLine($"Paylent is running. Dashboard: {origins.Announced(baseDomain, listener)}/sign-in");
        if (bootstrap is null)
        {
            output.WriteLine("(Already bootstrapped: sign in with the admin credentials printed on first start.)");
            output.WriteLine();
            return;
        }

        output.WriteLine($"Bootstrapped account '{bootstrap.Account.Slug}' with these environments:");
        foreach (var environment in bootstrap.Account.Environments)
        {
            output.WriteLine($"  {environment.Slug,-12} {origins.Announced($"{environment.HostLabel}.{baseDomain}", listener)}/");
        }

        output.WriteLine($"Admin email:    {bootstrap.AdminEmail}");
        output.WriteLine(bootstrap.PasswordGenerated
            ? $"Admin password: {bootstrap.AdminPassword}   (generated; shown only this once)"
            : "Admin password: the one configured in Paylent:Bootstrap:AdminPassword");
        output.WriteLine($"Management API: client_id {Domain.OAuth.OAuthClient.ManagementClientId} (client_credentials, scope paylent:manage) in every environment");
        var secrets = bootstrap.Account.GeneratedManagementClientSecrets;
        if (secrets.Count == 0)
        {
            output.WriteLine("  client_secret: the one configured in Paylent:Bootstrap:ManagementClientSecret");
        }
        else
        {
            foreach (var environment in bootstrap.Account.Environments)
            {
                output.WriteLine($"  client_secret ({environment.Slug}): {secrets[environment.Id]}   (generated; shown only this once)");
            }
        }
        output.WriteLine();
    }
}
