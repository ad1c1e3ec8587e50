export type {
  Agent,
  AgentContext,
  AgentReply,
  AgentSession,
  CallOutcome,
  CallerTurn,
  KeypadCapture,
  Subprocessor,
  Tool,
  ToolDescription,
  ToolParameter,
  ToolRunner,
  ToolValue,
  TurnExpectation,
} from './agent.js';
export { createAgentContext } from './context.js';
export type { AgentContextOptions } from './context.js';
export { createToolRunner, describeTool } from './tool-runner.js';
export type { ToolRunnerOptions } from './tool-runner.js';
export { createSlotValidator, isSlotValidatorName, SLOT_VALIDATORS, slotValueValid } from './slot-validator.js';
export type { SlotValidator, SlotValidatorName } from './slot-validator.js';
export { renderTokensAsWords } from './token-words.js';
export { BUILT_IN_AGENTS, listAgents, loadAgent, loadAgentSync } from './registry.js';
export type { AgentListing, BuiltInAgentName, LoadAgentOptions } from './registry.js';
export { createFlowAgent, parseFlow } from './flow/index.js';
export type { Flow, FlowAgentOptions } from './flow/index.js';
export { createChatCompletionsAgent } from './llm/index.js';
export type { ChatCompletionsAgentOptions } from './llm/index.js';
export { createDemoAppointmentTools, createDemoPaymentTool, createDemoTools } from './tools/index.js';
export type { DemoAppointmentTools, DemoCardAccount, DemoCharge, DemoPaymentTool, DemoTools } from './tools/index.js';
