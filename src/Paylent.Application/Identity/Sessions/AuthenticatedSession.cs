namespace Paylent.Application.Identity.Sessions;

public sealed record AuthenticatedSession(Guid SessionId, Guid UserId, string Email, string? Name, DateTime AuthenticatedAt, IReadOnlyList<string> AuthenticationMethods);
