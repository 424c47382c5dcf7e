using Paylent.Application.Common.Messaging;

namespace Paylent.Application.OAuth.Authorization;

/// <summary>
/// The consent page's question: the valid request it asks about (its client and scopes), or how the
/// authorization endpoint would have failed it.
/// </summary>
public sealed record ReadAuthorizationRequest(AuthorizationParameters Parameters, string Issuer) : IQuery<(AuthorizationRequest? Request, AuthorizationOutcome? Failure)>;

internal sealed class ReadAuthorizationRequestHandler(AuthorizationRequestReader reader)
    : IQueryHandler<ReadAuthorizationRequest, (AuthorizationRequest? Request, AuthorizationOutcome? Failure)>
{
    public Task<(AuthorizationRequest? Request, AuthorizationOutcome? Failure)> Handle(ReadAuthorizationRequest query, CancellationToken cancellationToken) =>
        reader.ReadAsync(query.Parameters, query.Issuer, cancellationToken);
}
