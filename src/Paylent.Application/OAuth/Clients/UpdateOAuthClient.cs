using FluentValidation;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Clients;

public sealed record UpdateOAuthClient(Guid Id, OAuthClientSettings Settings) : ICommand<OAuthClientDto>;

internal sealed class UpdateOAuthClientValidator : AbstractValidator<UpdateOAuthClient>
{
    public UpdateOAuthClientValidator() => RuleFor(c => c.Settings).NotNull().SetValidator(new OAuthClientSettingsValidator());
}

internal sealed class UpdateOAuthClientHandler(IOAuthData db) : ICommandHandler<UpdateOAuthClient, OAuthClientDto>
{
    public async Task<OAuthClientDto> Handle(UpdateOAuthClient command, CancellationToken cancellationToken)
    {
        var client = await OAuthClients.FindAsync(db, command.Id, cancellationToken);
        client.Update(command.Settings);
        return OAuthClientDto.From(client);
    }
}
