import { type Config, ConfigError, parseConfig } from '../config'

/** Ends a command with a message on stderr: 2 for a usage or configuration mistake, 1 for a refusal. */
export function fail(message: string, code = 1): never {
  console.error(message)
  process.exit(code)
}

/** The configuration from the environment, or the command ends (2) saying what is wrong with it. */
export function configOrExit(): Config {
  try {
    return parseConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 2)
    throw error
  }
}
