export { describeInputContract, type InputContractOptions } from "./describe-input-contract.js";
