using System.Net;
using System.Text.Json;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.OAuth;

namespace Paylent.IntegrationTests.Organizations;

/// <summary>The organization resources as a management API caller creates and reads them.</summary>
internal static class OrganizationApi
{
    public static async Task<string> RoleIdAsync(ApiClient api, string slug)
    {
        var roles = await (await api.GetAsync($"/api/roles?filter[slug]={Uri.EscapeDataString(slug)}")).JsonAsync();
        return Assert.Single(roles.GetProperty("data").EnumerateArray()).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> CreateAsync(ApiClient api, string slug, object? metadata = null)
    {
        var response = await api.PostAsync("/api/organizations", ApiClient.Resource("organization", new Dictionary<string, object?>
        {
            ["slug"] = slug, ["name"] = "Org " + slug, ["metadata"] = metadata,
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("data");
    }

    public static object WithRoles(string type, Dictionary<string, object?> attributes, params string[] roleIds) => new
    {
        data = new
        {
            type,
            attributes,
            relationships = new { roles = new { data = roleIds.Select(id => new { type = "role", id }).ToArray() } },
        },
    };

    public static Task<HttpResponseMessage> AddMemberAsync(ApiClient api, string organizationId, Guid userId, params string[] roleIds) =>
        api.PostAsync($"/api/organizations/{organizationId}/memberships", WithRoles("membership", new() { ["user_id"] = userId }, roleIds));

    public static async Task<string> MemberAsync(ApiClient api, string organizationId, Guid userId, params string[] roleIds)
    {
        var response = await AddMemberAsync(api, organizationId, userId, roleIds);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("data").GetProperty("id").GetString()!;
    }

    public static Task<HttpResponseMessage> InviteAsync(ApiClient api, string organizationId, string email, int? lifetimeDays = null, params string[] roleIds)
    {
        var attributes = new Dictionary<string, object?> { ["email"] = email };
        if (lifetimeDays is not null)
        {
            attributes["lifetime_days"] = lifetimeDays;
        }

        return api.PostAsync($"/api/organizations/{organizationId}/invitations", WithRoles("invitation", attributes, roleIds));
    }

    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString()!;
}
