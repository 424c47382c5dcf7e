using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Authorization;

/// <summary>
/// The consent page's question: the valid request it asks about (its client and scopes), or how the
/// authorization endpoint would have failed it.
/// </summary>
public sealed record ReadAuthorizationRequest(AuthorizationParameters Parameters, string Issuer) : IQuery<(AuthorizationRequest? Request, AuthorizationOutcome? Failure)>;

/// <summary>The user allowed the client the requested scopes: remembered, added to what they allowed before.</summary>
public sealed record GiveConsent(AuthorizationParameters Parameters, Guid UserId, string Issuer) : ICommand<AuthorizationOutcome?>;

internal sealed class ReadAuthorizationRequestHandler(AuthorizationRequestReader reader)
    : IQueryHandler<ReadAuthorizationRequest, (AuthorizationRequest? Request, AuthorizationOutcome? Failure)>
{
    public Task<(AuthorizationRequest? Request, AuthorizationOutcome? Failure)> Handle(ReadAuthorizationRequest query, CancellationToken cancellationToken) =>
        reader.ReadAsync(query.Parameters, query.Issuer, cancellationToken);
}

internal sealed class GiveConsentHandler(AuthorizationRequestReader reader, IOAuthData db, EnvironmentContext scope, TimeProvider clock)
    : ICommandHandler<GiveConsent, AuthorizationOutcome?>
{
    public async Task<AuthorizationOutcome?> Handle(GiveConsent command, CancellationToken cancellationToken)
    {
        var (request, failure) = await reader.ReadAsync(command.Parameters, command.Issuer, cancellationToken);
        if (request is null)
        {
            return failure;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.UserId == command.UserId && c.ClientId == request.Client.ClientId, cancellationToken);
        if (consent is null)
        {
            db.Consents.Add(Consent.Give(scope.RequiredEnvironmentId, command.UserId, request.Client.ClientId, request.Scopes, now));
        }
        else
        {
            consent.Add(request.Scopes, now);
        }

        return null;
    }
}
