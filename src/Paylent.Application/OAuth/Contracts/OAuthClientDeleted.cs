using Paylent.Application.Common.Events;

namespace Paylent.Application.OAuth.Contracts;

/// <summary>An OAuth client was deleted: the grants and consents of its <c>client_id</c> end with it.</summary>
public sealed record OAuthClientDeleted(string ClientId) : IModuleEvent;
