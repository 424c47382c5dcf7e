using FluentValidation;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Clients;

/// <summary>Registers a client with a random <c>client_id</c> and, if confidential, a 256-bit secret shown once.</summary>
public sealed record CreateOAuthClient(ClientType ClientType, OAuthClientSettings Settings) : ICommand<OAuthClientWithSecret>;

internal sealed class CreateOAuthClientValidator : AbstractValidator<CreateOAuthClient>
{
    public CreateOAuthClientValidator()
    {
        RuleFor(c => c.ClientType).IsInEnum();
        RuleFor(c => c.Settings).NotNull().SetValidator(new OAuthClientSettingsValidator());
    }
}

internal sealed class CreateOAuthClientHandler(IOAuthData db, EnvironmentContext scope, TimeProvider clock)
    : ICommandHandler<CreateOAuthClient, OAuthClientWithSecret>
{
    public Task<OAuthClientWithSecret> Handle(CreateOAuthClient command, CancellationToken cancellationToken)
    {
        var secret = command.ClientType == ClientType.Confidential ? Secrets.NewToken() : null;
        var client = OAuthClient.Create(
            scope.RequiredEnvironmentId, Secrets.NewToken(16), command.ClientType, command.Settings,
            secret is null ? null : Secrets.Hash(secret), clock.GetUtcNow().UtcDateTime);
        db.OAuthClients.Add(client);
        return Task.FromResult(new OAuthClientWithSecret(OAuthClientDto.From(client), secret));
    }
}

/// <summary>Input shape only; the rules about combinations (grant types vs client type, URIs) are the domain's.</summary>
internal sealed class OAuthClientSettingsValidator : AbstractValidator<OAuthClientSettings>
{
    public OAuthClientSettingsValidator()
    {
        RuleFor(s => s.Name).NotEmpty().MaximumLength(OAuthClient.MaxNameLength);
        RuleFor(s => s.RedirectUris).NotNull();
        RuleFor(s => s.PostLogoutRedirectUris).NotNull();
        RuleFor(s => s.GrantTypes).NotEmpty();
        RuleFor(s => s.AllowedScopes).NotNull();
        RuleFor(s => s.TokenFormat).IsInEnum();
        RuleFor(s => s.DefaultAudience).MaximumLength(RedirectUri.MaxLength);
        RuleFor(s => s.AllowedResources).NotNull();
        RuleFor(s => s.IdTokenSignedResponseAlg).NotNull();
    }
}
