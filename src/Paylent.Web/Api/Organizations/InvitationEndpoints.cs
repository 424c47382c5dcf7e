using Paylent.Application.Common.Messaging;
using Paylent.Application.Organizations;
using Paylent.Application.Organizations.Invitations;
using Paylent.Domain.Organizations;
using Paylent.Web.Api.JsonApi;
using Paylent.Web.Api.Roles;
using Paylent.Web.OAuth;

namespace Paylent.Web.Api.Organizations;

/// <summary>
/// <c>/api/organizations/{id}/invitations</c>: the <c>invitation</c> resource (<c>email</c>,
/// <c>lifetime_days</c> on create; <c>status</c> and <c>expires_at</c> read) with the roles it grants as
/// the relationship <c>roles</c>. <c>POST .../{id}/resend</c> emails a new link with a fresh lifetime,
/// <c>POST .../{id}/revoke</c> withdraws it. The token is only ever in the email.
/// </summary>
public static class InvitationEndpoints
{
    public const string Type = "invitation";

    private static readonly HashSet<string> Writable = ["email", "lifetime_days"];

    public static void MapInvitations(this RouteGroupBuilder organizations)
    {
        var invitations = organizations.MapGroup("/{organizationId:guid}/invitations");
        invitations.MapGet("/", List);
        invitations.MapGet("/{id:guid}", Get);
        invitations.MapPost("/", Create);
        invitations.MapPost("/{id:guid}/resend", Resend);
        invitations.MapPost("/{id:guid}/revoke", Revoke);
    }

    private static async Task<IResult> List(Guid organizationId, HttpRequest request, IDispatcher dispatcher)
    {
        var query = new ListInvitations(organizationId, StatusFilter(request), QueryFilters.Read(request, "email"), Paging.Read(request));
        var page = await dispatcher.Send(query, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(page.Items.Select(i => Resource(request, i)).ToList(), links: Paging.Links(request, page));
    }

    private static async Task<IResult> Get(Guid organizationId, Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetInvitation(organizationId, id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Create(Guid organizationId, HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var command = new CreateInvitation(
            organizationId,
            document.String("email") ?? string.Empty,
            document.Relationship("roles", RoleEndpoints.Type, OrganizationLimits.MaxRolesPerRequest) ?? [],
            document.Has("lifetime_days") ? document.Integer("lifetime_days", Invitation.DefaultLifetimeDays) : null,
            OAuthEndpoints.Issuer(request));
        var created = await dispatcher.Send(command, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, created), StatusCodes.Status201Created, location: Self(request, created));
    }

    private static async Task<IResult> Resend(Guid organizationId, Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new ResendInvitation(organizationId, id, OAuthEndpoints.Issuer(request)), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Revoke(Guid organizationId, Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new RevokeInvitation(organizationId, id), request.HttpContext.RequestAborted)));

    private static InvitationStatus? StatusFilter(HttpRequest request)
    {
        var status = QueryFilters.Read(request, "status");
        if (status is null)
        {
            return null;
        }

        var names = Enum.GetNames<InvitationStatus>().Select(n => n.ToLowerInvariant()).ToList();
        return names.Contains(status, StringComparer.Ordinal)
            ? Enum.Parse<InvitationStatus>(status, ignoreCase: true)
            : throw JsonApiException.BadParameter("filter[status]", $"filter[status] is one of: {string.Join(", ", names)}.");
    }

    private static string Self(HttpRequest request, InvitationDto invitation) =>
        $"{JsonApiResults.Origin(request)}{OrganizationEndpoints.Path}/{invitation.OrganizationId}/invitations/{invitation.Id}";

    public static Dictionary<string, object?> Resource(HttpRequest request, InvitationDto invitation)
    {
        var resource = JsonApiResults.Resource(request, Type, invitation.Id.ToString(), $"{OrganizationEndpoints.Path}/{invitation.OrganizationId}/invitations", new Dictionary<string, object?>
        {
            ["organization_id"] = invitation.OrganizationId,
            ["email"] = invitation.Email,
            ["status"] = invitation.Status,
            ["expires_at"] = invitation.ExpiresAt,
            ["invited_by_user_id"] = invitation.InvitedByUserId,
            ["accepted_by_user_id"] = invitation.AcceptedByUserId,
            ["accepted_at"] = invitation.AcceptedAt,
            ["created_at"] = invitation.CreatedAt,
        });
        resource["relationships"] = new Dictionary<string, object?> { ["roles"] = RoleLinkage.Of(invitation.Roles, $"{Self(request, invitation)}/roles") };
        return resource;
    }
}
