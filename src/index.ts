import { run } from './main.js'

// Once the verdict is reported the step is over: nothing still in flight (a request to a server that
// stopped answering, a child that ignores SIGTERM) may hold the job; unref'd, the timer itself
// keeps nothing alive.
void run().finally(() => setTimeout(() => process.exit(), 1000).unref())
