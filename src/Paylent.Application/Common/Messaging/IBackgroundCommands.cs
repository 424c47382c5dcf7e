namespace Paylent.Application.Common.Messaging;

/// <summary>
/// Commands a request hands over to run after it has been answered, in their own scope inside the
/// same environment and through the same pipeline (validation, unit of work, audit). For work whose
/// duration must not show in the answer: a form that tells nobody which addresses have accounts must
/// not answer known addresses later than unknown ones.
/// </summary>
public interface IBackgroundCommands
{
    void Enqueue<TResult>(ICommand<TResult> command);
}
