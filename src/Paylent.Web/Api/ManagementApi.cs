using Paylent.Web.Api.AuditEvents;
using Paylent.Web.Api.AuthorizationChecks;
using Paylent.Web.Api.Consents;
using Paylent.Web.Api.Domains;
using Paylent.Web.Api.JsonApi;
using Paylent.Web.Api.OAuthClients;
using Paylent.Web.Api.Organizations;
using Paylent.Web.Api.Permissions;
using Paylent.Web.Api.Roles;
using Paylent.Web.Api.Sessions;
using Paylent.Web.Api.SigningKeys;
using Paylent.Web.Api.Users;
using Paylent.Web.Errors;
using Paylent.Web.Hosting;

namespace Paylent.Web.Api;

/// <summary>
/// The JSON:API management API on each environment host. Filters run in order: errors are mapped
/// last-to-first, so the error filter wraps authentication and content negotiation too.
/// </summary>
public static class ManagementApi
{
    public static void MapManagementApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api")
            .WithMetadata(new EnvironmentHostAttribute(), ErrorFormat.JsonApi)
            .AddEndpointFilter<JsonApiErrorFilter>()
            .AddEndpointFilter<ManagementAuthenticationFilter>()
            .AddEndpointFilter<MediaTypeFilter>();
        api.MapOAuthClients();
        api.MapSigningKeys();
        api.MapAuditEvents();
        api.MapUsers();
        api.MapSessions();
        api.MapConsents();
        api.MapPermissions();
        api.MapRoles();
        api.MapSubjectRoles();
        api.MapAuthorizationChecks();
        api.MapDomains();
        api.MapOrganizations();
    }
}
