using Paylent.Domain.OAuth;

namespace Paylent.Web.Areas.Hosted;

/// <summary>What each scope lets an application do, in the words the consent page shows.</summary>
public static class ScopeDescriptions
{
    public static string Describe(string scope, string clientName) => scope switch
    {
        Scopes.OpenId => "Know who you are",
        Scopes.Profile => "See your name and username",
        Scopes.Email => "See your email address",
        Scopes.Roles => "See the roles you hold",
        Scopes.Organization => "Know which of your organizations you use it in, and your roles there",
        Scopes.OfflineAccess => $"Keep {clientName} signed in while you stay signed in here",
        _ => $"Use \"{scope}\"",
    };
}
