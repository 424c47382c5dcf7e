using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Identity.Users;
using Paylent.Application.OAuth;
using Paylent.Domain.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Api;
using Paylent.IntegrationTests.OAuth;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;
using static Paylent.IntegrationTests.Organizations.OrganizationApi;

namespace Paylent.IntegrationTests.Organizations;

/// <summary>
/// The organization context in the protocol (docs/organizations.md): naming an organization on
/// /oauth/authorize (by id, by slug, by scope), the picker, the claims and the merge of roles, refresh
/// keeping it, switching on refresh, and every refusal failing closed.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class OrganizationContextTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_code_flow_naming_an_organization_by_id_slug_or_scope_carries_it_and_its_roles_merged_in_every_token(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var organization = await setup.OrganizationAsync(setup.OrgRoleId);
        foreach (var format in new[] { TokenFormat.Jwt, TokenFormat.Opaque })
        {
            var flow = await setup.FlowAsync(format: format);
            foreach (var how in new (string Name, string? Value)[][]
            {
                [("organization", organization.Id)],
                [("organization", organization.Slug)],
                [("scope", $"openid roles offline_access organization:{organization.Slug}")],
            })
            {
                var code = await flow.SignInForCodeAsync(setup.User.Email, [("scope", "openid roles offline_access"), .. how]);
                var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
                var accessToken = tokens.GetProperty("access_token").GetString()!;

                var access = format == TokenFormat.Jwt
                    ? Jose.Decode(accessToken).Payload
                    : await flow.Http.IntrospectAsync(accessToken, flow.ClientId, flow.Client.ClientSecret!);
                Assert.Equal(organization.Id, access.GetProperty("org_id").GetString());
                Assert.Equal(organization.Slug, access.GetProperty("org_slug").GetString());
                // The merge rule: the union of the environment's and the membership's effective roles, composites
                // included, de-duplicated and sorted by ordinal comparison; the same for permissions.
                Assert.Equal(setup.MergedRoles, Strings(access, "roles"));
                Assert.Equal(setup.MergedPermissions, Strings(access, "permissions"));
                Assert.DoesNotContain("organization:", access.GetProperty("scope").GetString(), StringComparison.Ordinal);

                var idToken = Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload;
                Assert.Equal(organization.Id, idToken.GetProperty("org_id").GetString());
                Assert.Equal(organization.Slug, idToken.GetProperty("org_slug").GetString());
                Assert.Equal(setup.MergedRoles, Strings(idToken, "roles"));

                var userInfo = await (await flow.UserInfoAsync(accessToken)).JsonAsync();
                Assert.Equal(organization.Id, userInfo.GetProperty("org_id").GetString());
                Assert.Equal(organization.Slug, userInfo.GetProperty("org_slug").GetString());
                Assert.Equal(setup.MergedRoles, Strings(userInfo, "roles"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tokens_without_an_organization_carry_no_organization_claims_and_only_the_environments_roles(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        await setup.OrganizationAsync(setup.OrgRoleId);
        var flow = await setup.FlowAsync();

        var tokens = await (await flow.RedeemAsync(await flow.SignInForCodeAsync(setup.User.Email, ("scope", "openid roles offline_access")))).JsonAsync();

        var access = Jose.Decode(tokens.GetProperty("access_token").GetString()!).Payload;
        Assert.False(access.TryGetProperty("org_id", out _));
        Assert.False(access.TryGetProperty("org_slug", out _));
        Assert.Equal([setup.EnvRole], Strings(access, "roles"));
        Assert.False(Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.TryGetProperty("org_id", out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_organization_the_user_may_not_use_is_access_denied_alike_and_no_code(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var flow = await setup.FlowAsync();
        var foreign = await CreateAsync(setup.Api, AccessApiTests.Unique("foreign-"));
        var inactive = await setup.OrganizationAsync(setup.OrgRoleId);
        await setup.DeactivateMembershipAsync(inactive);
        var production = await ApiClient.ForAsync(setup.App, "production");
        var otherEnvironment = await CreateAsync(production, AccessApiTests.Unique("prod-"));
        await MemberAsync(production, otherEnvironment.GetProperty("id").GetString()!, (await setup.App.CreateUserAsync(environment: "production")).Id);
        await flow.Browser.SignInAsync(setup.User.Email);

        var descriptions = new HashSet<string?>();
        foreach (var organization in new[]
        {
            foreign.GetProperty("id").GetString()!, foreign.GetProperty("attributes").GetProperty("slug").GetString()!,
            inactive.Id, inactive.Slug,
            otherEnvironment.GetProperty("id").GetString()!, otherEnvironment.GetProperty("attributes").GetProperty("slug").GetString()!,
            Guid.NewGuid().ToString(), "no-such-organization",
        })
        {
            foreach (var how in new (string, string?)[][] { [("organization", organization)], [("scope", $"openid organization:{organization}")] })
            {
                if (how[0].Item1 == "scope" && Guid.TryParse(organization, out _))
                {
                    continue;
                }

                var response = await flow.FollowAsync(flow.AuthorizeUrl(how));
                descriptions.Add(CodeFlow.ErrorCallback(response, OAuthErrors.AccessDenied)["error_description"]);
            }
        }

        // One answer for all: an outsider learns nothing of which organizations exist.
        Assert.Single(descriptions);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_client_requiring_an_organization_shows_the_picker_and_the_choice_reaches_the_tokens(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var (first, second) = (await setup.OrganizationAsync(setup.OrgRoleId), await setup.OrganizationAsync(setup.MemberRoleId));
        var outsider = await CreateAsync(setup.Api, AccessApiTests.Unique("outside-"));
        var flow = await setup.FlowAsync(organizationRequired: true);
        await flow.Browser.SignInAsync(setup.User.Email);

        var picker = await flow.FollowAsync(flow.AuthorizeUrl(("scope", "openid roles offline_access")));
        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        var page = await Html.ParseAsync(picker);
        var offered = page.QuerySelectorAll("main input[name=organization]").Select(i => i.GetAttribute("value")).ToHashSet();
        Assert.Equal(new HashSet<string?> { first.Id, second.Id }, offered);
        Assert.Contains("__RequestVerificationToken", page.QuerySelector("main form")!.InnerHtml, StringComparison.Ordinal);

        // A cross-site post (no antiforgery token) is refused before anything is decided.
        var forged = await FormPost.Read(page).Set("__RequestVerificationToken").Set("organization", first.Id).SendAsync(flow.Http);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);

        // Its page shows the picker again, by the request that showed it (the picker has no address of its own).
        var again = (await Html.ParseAsync(forged)).QuerySelector("[data-testid=page-again]")!.GetAttribute("href")!;
        Assert.StartsWith("/oauth/authorize?", again, StringComparison.Ordinal);
        var shownAgain = (await Html.ParseAsync(await flow.Http.GetAsync(again))).QuerySelectorAll("main input[name=organization]").Select(i => i.GetAttribute("value")).ToHashSet();
        Assert.Equal(offered, shownAgain);

        // A tampered answer naming an organization the user is not in gets no code.
        var tampered = await FormPost.Read(page).Set("organization", outsider.GetProperty("id").GetString()!).SendAsync(flow.Http);
        CodeFlow.ErrorCallback(tampered, OAuthErrors.AccessDenied);

        var chosen = await FormPost.Read(page).Set("organization", second.Id).SendAsync(flow.Http);
        var tokens = await (await flow.RedeemAsync(await flow.CodeFromAsync(chosen))).JsonAsync();
        var access = Jose.Decode(tokens.GetProperty("access_token").GetString()!).Payload;
        Assert.Equal(second.Id, access.GetProperty("org_id").GetString());
        Assert.Equal(new[] { setup.EnvRole, "org:member" }.Order(StringComparer.Ordinal), Strings(access, "roles"));

        // Without a form to fill, prompt=none cannot pick.
        CodeFlow.ErrorCallback(await flow.FollowAsync(flow.AuthorizeUrl(("prompt", "none"))), OAuthErrors.InteractionRequired);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_picker_is_skipped_for_a_single_organization_and_a_user_with_none_is_access_denied(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var only = await setup.OrganizationAsync(setup.OrgRoleId);
        var flow = await setup.FlowAsync();

        // The scope organization asks for one, as organization_required does.
        var tokens = await (await flow.RedeemAsync(await flow.SignInForCodeAsync(setup.User.Email, ("scope", "openid organization")))).JsonAsync();
        Assert.Equal(only.Id, Jose.Decode(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("org_id").GetString());

        var loner = await setup.App.CreateUserAsync();
        var other = await setup.FlowAsync();
        var response = await other.Http.GetAsync(other.AuthorizeUrl(("scope", "openid organization")));
        response = await other.Browser.SubmitAsync(response.Headers.Location!.OriginalString, ("Email", loner.Email), ("Password", Identity.Password));
        while (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { IsAbsoluteUri: false } location)
        {
            response = await other.Http.GetAsync(location);
        }

        CodeFlow.ErrorCallback(response, OAuthErrors.AccessDenied);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_native_app_on_a_loopback_redirect_picks_then_consents_once_and_gets_its_code(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var (first, second) = (await setup.OrganizationAsync(setup.OrgRoleId), await setup.OrganizationAsync(setup.MemberRoleId));
        var flow = await CodeFlow.StartAsync(setup.App, firstParty: false, type: ClientType.Public, redirectUri: "http://127.0.0.1/callback");
        await setup.AllowOrganizationsAsync(flow, organizationRequired: true);
        await flow.Browser.SignInAsync(setup.User.Email);

        var picker = await flow.FollowAsync(flow.AuthorizeUrl(("redirect_uri", "http://127.0.0.1:53117/callback")));
        var afterPick = await FormPost.Read(await Html.ParseAsync(picker)).Set("organization", first.Id).SendAsync(flow.Http);
        Assert.StartsWith("/consent?", afterPick.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var allowed = await flow.Browser.SubmitAsync(afterPick.Headers.Location.OriginalString, ("decision", "allow"));

        var callback = CodeFlow.Callback(allowed, "http://127.0.0.1:53117/callback");
        var tokens = await (await flow.RedeemAsync(callback["code"]!, redirectUri: "http://127.0.0.1:53117/callback")).JsonAsync();
        Assert.Equal(first.Id, Jose.Decode(tokens.GetProperty("access_token").GetString()!).Payload.GetProperty("org_id").GetString());
        Assert.NotEqual(second.Id, first.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refresh_keeps_the_organization_and_fails_closed_once_the_membership_is_inactive(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var organization = await setup.OrganizationAsync(setup.OrgRoleId);
        var flow = await setup.FlowAsync();
        var tokens = await (await flow.RedeemAsync(await flow.SignInForCodeAsync(setup.User.Email, ("organization", organization.Slug)))).JsonAsync();

        var refreshed = await (await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).JsonAsync();
        var access = Jose.Decode(refreshed.GetProperty("access_token").GetString()!).Payload;
        Assert.Equal(organization.Id, access.GetProperty("org_id").GetString());
        Assert.Equal(setup.MergedRoles, Strings(access, "roles"));

        await setup.DeactivateMembershipAsync(organization);

        Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(refreshed.GetProperty("refresh_token").GetString()!)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.UserInfoAsync(refreshed.GetProperty("access_token").GetString())).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Introspecting_a_refresh_token_names_its_organization_and_is_inactive_once_the_membership_is(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var organization = await setup.OrganizationAsync(setup.OrgRoleId);
        var flow = await setup.FlowAsync();
        var inOrganization = (await (await flow.RedeemAsync(await flow.SignInForCodeAsync(setup.User.Email, ("organization", organization.Slug)))).JsonAsync())
            .GetProperty("refresh_token").GetString()!;
        var withoutOrganization = (await (await flow.RedeemAsync(await flow.CodeFromAsync(await flow.Http.GetAsync(flow.AuthorizeUrl())))).JsonAsync())
            .GetProperty("refresh_token").GetString()!;

        var introspected = await flow.Http.IntrospectAsync(inOrganization, flow.ClientId, flow.Client.ClientSecret!);
        Assert.True(introspected.GetProperty("active").GetBoolean());
        Assert.Equal("refresh_token", introspected.GetProperty("token_type").GetString());
        Assert.Equal(organization.Id, introspected.GetProperty("org_id").GetString());
        Assert.Equal(organization.Slug, introspected.GetProperty("org_slug").GetString());
        var plain = await flow.Http.IntrospectAsync(withoutOrganization, flow.ClientId, flow.Client.ClientSecret!);
        Assert.True(plain.GetProperty("active").GetBoolean());
        Assert.False(plain.TryGetProperty("org_id", out _));

        await setup.DeactivateMembershipAsync(organization);

        // The refresh would fail closed now, so introspection says what it says of any unusable token.
        Assert.False((await flow.Http.IntrospectAsync(inOrganization, flow.ClientId, flow.Client.ClientSecret!)).GetProperty("active").GetBoolean());
        Assert.True((await flow.Http.IntrospectAsync(withoutOrganization, flow.ClientId, flow.Client.ClientSecret!)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refresh_naming_another_organization_switches_into_a_new_family_and_is_audited(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var (first, second) = (await setup.OrganizationAsync(setup.OrgRoleId), await setup.OrganizationAsync(setup.MemberRoleId));
        var flow = await setup.FlowAsync();
        var tokens = await (await flow.RedeemAsync(await flow.SignInForCodeAsync(setup.User.Email, ("organization", first.Id)))).JsonAsync();
        var firstGrant = Jose.Decode(tokens.GetProperty("access_token").GetString()!).Payload.GetProperty("grant_id").GetString();
        var presented = tokens.GetProperty("refresh_token").GetString()!;

        var switched = await flow.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", presented), ("organization", second.Slug));
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        var body = await switched.JsonAsync();
        var access = Jose.Decode(body.GetProperty("access_token").GetString()!).Payload;
        Assert.Equal(second.Id, access.GetProperty("org_id").GetString());
        Assert.Equal(second.Slug, access.GetProperty("org_slug").GetString());
        Assert.Equal(new[] { setup.EnvRole, "org:member" }.Order(StringComparer.Ordinal), Strings(access, "roles"));
        Assert.Equal(second.Id, Jose.Decode(body.GetProperty("id_token").GetString()!).Payload.GetProperty("org_id").GetString());
        Assert.NotEqual(firstGrant, access.GetProperty("grant_id").GetString());

        // The new family refreshes in its organization; the earlier family's access token still stands (only its refresh token was spent).
        var next = await (await flow.RefreshAsync(body.GetProperty("refresh_token").GetString()!)).JsonAsync();
        Assert.Equal(second.Id, Jose.Decode(next.GetProperty("access_token").GetString()!).Payload.GetProperty("org_id").GetString());
        Assert.True(await flow.IsActiveAsync(tokens.GetProperty("access_token").GetString()!));

        var trail = await (await setup.Api.GetAsync($"/api/audit-events?filter[action]=token.organization_switched&filter[target_id]={setup.User.Id}")).JsonAsync();
        var audited = Assert.Single(trail.GetProperty("data").EnumerateArray()).GetProperty("attributes");
        var change = audited.GetProperty("changes").GetProperty("organization_id");
        Assert.Equal(first.Id, change.GetProperty("from").GetString());
        Assert.Equal(second.Id, change.GetProperty("to").GetString());
        Assert.DoesNotContain(presented, audited.GetRawText(), StringComparison.Ordinal);

        // The token spent on the switch, presented again, is a reuse: it ends its family and the one the switch started.
        Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(presented)));
        Assert.False(await flow.IsActiveAsync(next.GetProperty("access_token").GetString()!));
        Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(next.GetProperty("refresh_token").GetString()!)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_consent_withdrawn_while_an_organization_switch_runs_leaves_no_working_family(DatabaseProvider provider)
    {
        // The withdrawal ends the grants it finds; a switch writing its new family between the withdrawal's
        // read and its delete must not leave that family working.
        var setup = await Setup.CreateAsync(apps, provider);
        var (first, second) = (await setup.OrganizationAsync(setup.OrgRoleId), await setup.OrganizationAsync(setup.MemberRoleId));
        var flow = await setup.FlowAsync(firstParty: false);
        for (var round = 0; round < 10; round++)
        {
            var tokens = await (await flow.RedeemAsync(await flow.SignInForCodeAsync(setup.User.Email, ("organization", first.Id)))).JsonAsync();
            var consentId = Assert.Single((await (await setup.Api.GetAsync($"/api/users/{setup.User.Id}/consents")).JsonAsync()).GetProperty("data").EnumerateArray())
                .GetProperty("id").GetString();

            var switched = flow.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", Refresh(tokens)), ("organization", second.Slug));
            var withdrawn = setup.Api.SendAsync(HttpMethod.Delete, $"/api/consents/{consentId}");
            await Task.WhenAll(switched, withdrawn);

            Assert.Equal(HttpStatusCode.NoContent, (await withdrawn).StatusCode);
            if ((await switched).StatusCode == HttpStatusCode.OK)
            {
                var family = await (await switched).JsonAsync();
                Assert.False(await flow.IsActiveAsync(Access(family)), $"round {round}");
                Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(await flow.RefreshAsync(Refresh(family))));
            }
            else
            {
                Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(await switched));
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_spent_on_a_chainstays_spent_once_the_new_family_is_revoked_and_pruned(DatabaseProvider provider)
    {
        var chain = await SwitchedAsync(provider);

        // RFC 7009 revocation of the new family's refresh token ends that family only; past the grants'
        // retention the pruner deletes it, but not the token that marks the first family's token spent.
        await chain.RevokeLongAgoAndPruneAsync(chain.Switched);

        Assert.False(await chain.Flow.IsActiveAsync(Refresh(chain.First)));
        Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(await chain.Flow.RefreshAsync(Refresh(chain.First))));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_replayed_code_revokes_the_families_switched_from_its_grant_too(DatabaseProvider provider)
    {
        var chain = await SwitchedAsync(provider);

        // RFC 6749 §4.1.2: the code presented again revokes every token issued on it, through the switch as well.
        Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(await chain.Flow.RedeemAsync(chain.Code)));
        Assert.False(await chain.Flow.IsActiveAsync(Access(chain.Switched)));
        Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(await chain.Flow.RefreshAsync(Refresh(chain.Switched))));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_replayed_code_still_revokes_the_switched_family_once_its_own_family_is_revoked_and_pruned(DatabaseProvider provider)
    {
        var chain = await SwitchedAsync(provider);

        // RFC 7009 revocation of the first family's (spent) refresh token ends that family only; past the
        // retention the pruner keeps it, which marks its code redeemed, while the family switched from it lives.
        await chain.RevokeLongAgoAndPruneAsync(chain.First);
        Assert.True(await chain.Flow.IsActiveAsync(Access(chain.Switched)));

        Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(await chain.Flow.RedeemAsync(chain.Code)));
        Assert.False(await chain.Flow.IsActiveAsync(Access(chain.Switched)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Switching_to_an_organization_the_user_is_not_in_is_invalid_grant_and_spends_nothing(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var mine = await setup.OrganizationAsync(setup.OrgRoleId);
        var foreign = await CreateAsync(setup.Api, AccessApiTests.Unique("foreign-"));
        var flow = await setup.FlowAsync();
        var refreshToken = (await (await flow.RedeemAsync(await flow.SignInForCodeAsync(setup.User.Email, ("organization", mine.Id)))).JsonAsync())
            .GetProperty("refresh_token").GetString()!;

        var descriptions = new HashSet<string?>();
        foreach (var organization in new[] { foreign.GetProperty("id").GetString()!, foreign.GetProperty("attributes").GetProperty("slug").GetString()!, "no-such-organization" })
        {
            var refused = await flow.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("organization", organization));
            Assert.Equal(OAuthErrors.InvalidGrant, await CodeFlow.TokenErrorAsync(refused));
            descriptions.Add((await refused.JsonAsync()).GetProperty("error_description").GetString());
        }

        Assert.Single(descriptions);
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(refreshToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Malformed_organization_values_are_clear_protocol_errors_never_a_server_error(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var organization = await setup.OrganizationAsync(setup.OrgRoleId);
        var flow = await setup.FlowAsync();
        var refreshToken = (await (await flow.RedeemAsync(await flow.SignInForCodeAsync(setup.User.Email, ("organization", organization.Id)))).JsonAsync())
            .GetProperty("refresh_token").GetString()!;

        // NUL never reaches the endpoint (the input rules' error page); bytes that are not UTF-8 are either
        // refused there or read as text that is no id or slug (invalid_request to the client). Never a code, never a 5xx.
        foreach (var raw in new[] { "%00", "acme%00", "%FF%FE", "%C0%80", "%ED%A0%80" })
        {
            var page = await flow.Http.GetAsync(flow.AuthorizeUrl() + "&organization=" + raw);
            if (raw.Contains("%00", StringComparison.Ordinal) || page.StatusCode != HttpStatusCode.Redirect)
            {
                Assert.True(page.StatusCode == HttpStatusCode.BadRequest && page.Headers.Location is null, $"{raw}: {page.StatusCode} {page.Headers.Location}");
            }
            else
            {
                CodeFlow.ErrorCallback(page, OAuthErrors.InvalidRequest);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
            {
                Content = new StringContent($"grant_type=refresh_token&refresh_token={refreshToken}&organization={raw}", null, "application/x-www-form-urlencoded"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{flow.ClientId}:{flow.Client.ClientSecret}")));
            Assert.Equal(OAuthErrors.InvalidRequest, await CodeFlow.TokenErrorAsync(await flow.Http.SendAsync(request)));
        }

        // Other text that is no id or slug (control characters included): invalid_request back to the client, before any lookup.
        foreach (var value in new[]
        {
            new string('a', 51), new string('x', 5000), "Acme", "acme corp", "acme_corp", "ácme", "a\u0001b", "acme\n", "\u001b[31m", "{00000000-0000-0000-0000-000000000000}",
        })
        {
            CodeFlow.ErrorCallback(await flow.FollowAsync(flow.AuthorizeUrl(("organization", value))), OAuthErrors.InvalidRequest);
            var refused = await flow.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("organization", value));
            Assert.Equal(OAuthErrors.InvalidRequest, await CodeFlow.TokenErrorAsync(refused));
        }

        CodeFlow.ErrorCallback(await flow.FollowAsync(flow.AuthorizeUrl(("scope", "openid organization:Not_A_Slug"))), OAuthErrors.InvalidScope);
        CodeFlow.ErrorCallback(await flow.FollowAsync(flow.AuthorizeUrl(("scope", $"openid organization:{organization.Slug} organization:other"))), OAuthErrors.InvalidScope);
        CodeFlow.ErrorCallback(await flow.FollowAsync(flow.AuthorizeUrl(("scope", $"openid organization:{organization.Slug}"), ("organization", "other"))), OAuthErrors.InvalidRequest);
        var repeated = await flow.Http.GetAsync(flow.AuthorizeUrl(("organization", organization.Slug)) + "&organization=" + organization.Slug);
        CodeFlow.ErrorCallback(repeated, OAuthErrors.InvalidRequest);

        // The token family was never touched by any of it.
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(refreshToken)).StatusCode);
    }

    [Fact]
    public async Task Discovery_advertises_the_organization_scope_claims_and_parameter()
    {
        var http = (await apps.On(DatabaseProvider.Sqlite)).Client("demo-test.localhost");
        var discovery = await (await http.GetAsync("/.well-known/openid-configuration")).JsonAsync();

        Assert.Contains("organization", Strings(discovery, "scopes_supported"));
        Assert.Contains("org_id", Strings(discovery, "claims_supported"));
        Assert.Contains("org_slug", Strings(discovery, "claims_supported"));
        Assert.True(discovery.GetProperty("organization_parameter_supported").GetBoolean());
    }

    private static List<string> Strings(JsonElement element, string name) =>
        [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>An organization as a test names it.</summary>
    private static string Access(JsonElement tokens) => tokens.GetProperty("access_token").GetString()!;

    private static string Refresh(JsonElement tokens) => tokens.GetProperty("refresh_token").GetString()!;

    /// <summary>A code redeemed in one organization, and the refresh token it gave spent on a switch into another.</summary>
    private async Task<Switch> SwitchedAsync(DatabaseProvider provider)
    {
        var setup = await Setup.CreateAsync(apps, provider);
        var (first, second) = (await setup.OrganizationAsync(setup.OrgRoleId), await setup.OrganizationAsync(setup.MemberRoleId));
        var flow = await setup.FlowAsync();
        var code = await flow.SignInForCodeAsync(setup.User.Email, ("organization", first.Id));
        var tokens = await (await flow.RedeemAsync(code)).JsonAsync();
        var switched = await (await flow.TokenAsync(("grant_type", "refresh_token"), ("refresh_token", Refresh(tokens)), ("organization", second.Slug))).JsonAsync();
        return new Switch(setup.App, flow, code, tokens, switched);
    }

    /// <param name="First">The tokens the code gave.</param>
    /// <param name="Switched">The tokens of the family the switch started.</param>
    private sealed record Switch(PaylentApp App, CodeFlow Flow, string Code, JsonElement First, JsonElement Switched)
    {
        /// <summary>Revokes a family by its refresh token (RFC 7009), then prunes as two days later, when its code too has long expired.</summary>
        public async Task RevokeLongAgoAndPruneAsync(JsonElement family)
        {
            Assert.Equal(HttpStatusCode.OK, (await Flow.Http.PostFormAsync("/oauth/revoke", [new("token", Refresh(family))], (Flow.ClientId, Flow.Client.ClientSecret!))).StatusCode);
            var grantId = Guid.Parse(Jose.Decode(Access(family)).Payload.GetProperty("grant_id").GetString()!);
            await App.WithServices(async services =>
            {
                var db = services.GetRequiredService<PaylentDbContext>();
                var longAgo = DateTime.UtcNow.AddDays(-2);
                await db.Grants.IgnoreQueryFilters().Where(g => g.Id == grantId)
                    .ExecuteUpdateAsync(s => s.SetProperty(g => g.RevokedAt, longAgo).SetProperty(g => g.CreatedAt, longAgo));
                return await services.GetRequiredService<DataPruner>().PruneAsync(CancellationToken.None);
            });
        }
    }

    private sealed record Org(string Id, string Slug);

    /// <summary>
    /// A user holding an environment role (with one permission) and, in organizations, a composite
    /// organization role (its own permission plus an included role's), so the merge has both sides.
    /// </summary>
    private sealed class Setup
    {
        public required PaylentApp App { get; init; }

        public required ApiClient Api { get; init; }

        public required UserDto User { get; init; }

        public required string EnvRole { get; init; }

        public required string OrgRoleId { get; init; }

        public required string MemberRoleId { get; init; }

        public required IReadOnlyList<string> MergedRoles { get; init; }

        public required IReadOnlyList<string> MergedPermissions { get; init; }

        public static async Task<Setup> CreateAsync(Apps apps, DatabaseProvider provider)
        {
            var app = await apps.On(provider);
            var api = await ApiClient.ForAsync(app);
            var resource = AccessApiTests.Unique("docs");
            var (read, write, shared) = (
                await AccessApiTests.CreatePermissionAsync(api, $"{resource}:read"),
                await AccessApiTests.CreatePermissionAsync(api, $"{resource}:write"),
                await AccessApiTests.CreatePermissionAsync(api, $"{resource}:shared"));
            var (envRole, orgRole, included) = (AccessApiTests.Unique("reader"), AccessApiTests.Unique("EDITOR_"), AccessApiTests.Unique("auditor"));
            var envRoleId = await AccessApiTests.CreateRoleAsync(api, envRole);
            var orgRoleId = await AccessApiTests.CreateRoleAsync(api, orgRole);
            var includedId = await AccessApiTests.CreateRoleAsync(api, included);
            await AccessApiTests.LinkAsync(api, $"/api/roles/{envRoleId}/relationships/permissions", "permission", read, shared);
            await AccessApiTests.LinkAsync(api, $"/api/roles/{orgRoleId}/relationships/permissions", "permission", write, shared);
            await AccessApiTests.LinkAsync(api, $"/api/roles/{orgRoleId}/relationships/included_roles", "role", includedId);
            var user = await app.CreateUserAsync();
            Assert.Equal(HttpStatusCode.OK, (await AccessApiTests.LinkAsync(api, $"/api/users/{user.Id}/roles", "role", envRoleId)).StatusCode);
            return new Setup
            {
                App = app,
                Api = api,
                User = user,
                EnvRole = envRole,
                OrgRoleId = orgRoleId,
                MemberRoleId = await RoleIdAsync(api, "org:member"),
                MergedRoles = [.. new[] { envRole, orgRole, included }.Order(StringComparer.Ordinal)],
                MergedPermissions = [$"{resource}:read", $"{resource}:shared", $"{resource}:write"],
            };
        }

        /// <summary>A new organization the user is an active member of, holding <paramref name="roleId"/> there.</summary>
        public async Task<Org> OrganizationAsync(string roleId)
        {
            var organization = await OrganizationApi.CreateAsync(Api, AccessApiTests.Unique("org-"));
            var id = organization.GetProperty("id").GetString()!;
            await MemberAsync(Api, id, User.Id, roleId);
            return new Org(id, organization.GetProperty("attributes").GetProperty("slug").GetString()!);
        }

        /// <summary>Deactivates the user's membership of <paramref name="organization"/> (its only one) through the API.</summary>
        public async Task DeactivateMembershipAsync(Org organization)
        {
            var membership = (await (await Api.GetAsync($"/api/organizations/{organization.Id}/memberships")).JsonAsync()).GetProperty("data")[0].GetProperty("id").GetString();
            var deactivated = await Api.PatchAsync($"/api/organizations/{organization.Id}/memberships/{membership}", ApiClient.Resource("membership", new { status = "inactive" }));
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        }

        public async Task<CodeFlow> FlowAsync(TokenFormat format = TokenFormat.Jwt, bool organizationRequired = false, bool firstParty = true)
        {
            var flow = await CodeFlow.StartAsync(App, firstParty, format: format);
            await AllowOrganizationsAsync(flow, organizationRequired);
            return flow;
        }

        public async Task AllowOrganizationsAsync(CodeFlow flow, bool organizationRequired)
        {
            var patched = await Api.PatchAsync($"/api/oauth-clients/{flow.Client.Client.Id}", ApiClient.Resource("oauth_client", new
            {
                allowed_scopes = new[] { Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, Scopes.Roles, Scopes.Organization },
                organization_required = organizationRequired,
            }));
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            Assert.Equal(organizationRequired, (await patched.JsonAsync()).GetProperty("data").GetProperty("attributes").GetProperty("organization_required").GetBoolean());
        }
    }
}
