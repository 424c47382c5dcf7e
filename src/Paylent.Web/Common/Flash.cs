namespace Paylent.Web.Common;

/// <summary>
/// One-line confirmations shown after a redirect. The query string carries a code, never the text,
/// so a crafted link cannot make a page (dashboard or account) say something it does not say.
/// </summary>
public static class Flash
{
    public const string QueryKey = "flash";
    public const string ClientSaved = "client-saved";
    public const string ClientDeleted = "client-deleted";
    public const string KeyGenerated = "key-generated";
    public const string KeySetPrimary = "key-primary";
    public const string KeyDeactivated = "key-deactivated";
    public const string AccountSessionEnded = "account-session-ended";
    public const string AccountConsentRevoked = "account-consent-revoked";
    public const string AccountVerificationSent = "account-verification-sent";
    public const string UserCreated = "user-created";
    public const string UserSaved = "user-saved";
    public const string UserDeleted = "user-deleted";
    public const string EmailVerified = "email-verified";
    public const string PasswordResetSent = "password-reset-sent";
    public const string PasswordSet = "password-set";
    public const string SessionRevoked = "session-revoked";
    public const string RoleSaved = "role-saved";
    public const string RoleDeleted = "role-deleted";
    public const string PermissionCreated = "permission-created";
    public const string PermissionDeleted = "permission-deleted";
    public const string RolesChanged = "roles-changed";
    public const string DomainAdded = "domain-added";
    public const string DomainChecked = "domain-checked";
    public const string DomainNotVerified = "domain-not-verified";
    public const string DomainDeleted = "domain-deleted";
    public const string OrganizationCreated = "organization-created";
    public const string OrganizationSaved = "organization-saved";
    public const string OrganizationDeleted = "organization-deleted";
    public const string MemberAdded = "member-added";
    public const string MemberSaved = "member-saved";
    public const string MemberRemoved = "member-removed";
    public const string InvitationSent = "invitation-sent";
    public const string InvitationResent = "invitation-resent";
    public const string InvitationRevoked = "invitation-revoked";
    public const string AccountOrganizationLeft = "account-organization-left";
    public const string DomainRenewalQueued = "domain-renewal-queued";

    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        [ClientSaved] = "The client's settings were saved.",
        [ClientDeleted] = "The client was deleted.",
        [KeyGenerated] = "A new key was generated. It is now the primary key and signs new tokens.",
        [KeySetPrimary] = "The key is now the primary key and signs new tokens.",
        [KeyDeactivated] = "The key was deactivated and removed from JWKS.",
        [AccountSessionEnded] = "The session was ended. That browser is signed out.",
        [AccountConsentRevoked] = "The application was disconnected. It has to ask you again before it can use your account.",
        [AccountVerificationSent] = "We sent a new confirmation link. Check your inbox.",
        [RoleSaved] = "The role was saved.",
        [RoleDeleted] = "The role was deleted, with its assignments.",
        [PermissionCreated] = "The permission was created.",
        [PermissionDeleted] = "The permission was deleted and taken out of every role.",
        [RolesChanged] = "The roles were changed. New tokens carry them at once; tokens already issued at their expiry.",
        [DomainAdded] = "The domain was added. Publish the DNS records below, then verify it.",
        [DomainChecked] = "DNS was checked: the records are in place.",
        [DomainNotVerified] = "DNS was checked: the records are not in place yet. See the error below.",
        [DomainDeleted] = "The domain was deleted. Paylent no longer serves it.",
        [OrganizationCreated] = "The organization was created. Add its first member, its owner.",
        [OrganizationSaved] = "The organization was saved.",
        [OrganizationDeleted] = "The organization was deleted, with its memberships and invitations.",
        [MemberAdded] = "The member was added.",
        [MemberSaved] = "The member was saved. New tokens carry the change at once; tokens already issued at their expiry.",
        [MemberRemoved] = "The member was removed from the organization.",
        [InvitationSent] = "The invitation is on its way by email.",
        [InvitationResent] = "The invitation was sent again with a new link; the old link no longer works.",
        [InvitationRevoked] = "The invitation was revoked; its link no longer works.",
        [AccountOrganizationLeft] = "You left the organization.",
        [DomainRenewalQueued] = "A new certificate is being ordered. The current one keeps serving until it is in place.",
        [UserCreated] = "The user was created.",
        [UserSaved] = "The user was saved.",
        [UserDeleted] = "The user was deleted.",
        [EmailVerified] = "The email address is marked verified.",
        [PasswordResetSent] = "A password reset link is on its way to the user's email address.",
        [PasswordSet] = "The password was set. The user was signed out everywhere.",
        [SessionRevoked] = "The session was revoked.",
    };

    public static string? Message(string? code) => code is not null && Messages.TryGetValue(code, out var message) ? message : null;
}
