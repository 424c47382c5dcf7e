using FluentValidation;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Clients;

/// <summary>
/// Changes a client's settings: what <paramref name="Changes"/> leaves out keeps its current value (the
/// API's PATCH); the dashboard's form sends them all. Read, merged and saved in one unit of work, so a
/// concurrent update is merged onto (a lost race runs again on fresh data), never silently undone.
/// </summary>
public sealed record UpdateOAuthClient(Guid Id, OAuthClientChanges Changes) : ICommand<OAuthClientDto>, IRetryOnConflict;

internal sealed class UpdateOAuthClientValidator : AbstractValidator<UpdateOAuthClient>
{
    public UpdateOAuthClientValidator() => RuleFor(c => c.Changes).NotNull().SetValidator(new OAuthClientChangesValidator());
}

/// <summary>The shape of what the changes carry; the domain then checks the merged settings as a whole.</summary>
internal sealed class OAuthClientChangesValidator : AbstractValidator<OAuthClientChanges>
{
    public OAuthClientChangesValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(OAuthClient.MaxNameLength).When(c => c.Name is not null);
        RuleFor(c => c.TokenFormat).IsInEnum();
        RuleFor(c => c.ClientType).IsInEnum();
        RuleFor(c => c.DefaultAudience.Value).MaximumLength(RedirectUri.MaxLength).OverridePropertyName(nameof(OAuthClientChanges.DefaultAudience));
    }
}

internal sealed class UpdateOAuthClientHandler(IOAuthData db) : ICommandHandler<UpdateOAuthClient, OAuthClientDto>
{
    public async Task<OAuthClientDto> Handle(UpdateOAuthClient command, CancellationToken cancellationToken)
    {
        var client = await OAuthClients.FindAsync(db, command.Id, cancellationToken);
        client.Change(command.Changes);
        return OAuthClientDto.From(client);
    }
}
