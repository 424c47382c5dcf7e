using MediatR;
using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;

namespace Paylent.Application.Common.Behaviors;

/// <summary>
/// Saves each command's changes once, at its end; the audit events of those changes are written by
/// that same save, so they commit or roll back together. Before the save, the module events the
/// command raised are dispatched, so what other modules do about them is part of the same save. An
/// <see cref="IRetryOnConflict"/> command that loses a race runs again on fresh data, up to its
/// <see cref="IRetryOnConflict.ConflictAttempts"/>, before the conflict is reported: each attempt starts as the first did (the audit's actor as it
/// was), and only the one that commits does its <see cref="AfterCommit"/> work. Queries never reach it:
/// the constraint keeps the container from building it, and what it needs, for each query.
/// </summary>
internal sealed class UnitOfWorkBehavior<TRequest, TResponse>(IUnitOfWork unitOfWork, ModuleEventDispatcher events, AfterCommit afterCommit, AuditContext audit)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IStateChange
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var actor = audit.Actor;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await unitOfWork.ExecuteAsync(
                    async () =>
                    {
                        var result = await next();
                        await events.DispatchAsync(cancellationToken);
                        return result;
                    },
                    cancellationToken);
                await afterCommit.RunAsync(cancellationToken);
                return response;
            }
            catch (ConflictException) when (request is IRetryOnConflict retried && attempt < retried.ConflictAttempts)
            {
                // The unit of work cleared its tracker: the next attempt reads what the winner wrote. A
                // sign-in that identified its user before losing may fail the next time: not as that user.
                audit.IdentifyActor(actor);
            }
            finally
            {
                events.Discard();
                afterCommit.Discard();
            }
        }
    }
}
